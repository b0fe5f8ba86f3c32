using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace GenOpt.Generators;

public sealed partial class ObjectiveGenerator
{
    /// <summary>Name of the bool property of [Objective], [EqualityConstraint] and [InequalityConstraint] that opts out of GENOPT100/GENOPT101.</summary>
    internal const string AcceptFiniteDifferencesProperty = "AcceptFiniteDifferences";

    /// <summary>
    /// True when the attribute sets <c>AcceptFiniteDifferences = true</c>: the method's gradient (or Jacobian) may fall
    /// back to finite differences without the GENOPT100 and GENOPT101 warnings. The generated code is the same either way.
    /// </summary>
    internal static bool AcceptsFiniteDifferences(AttributeData attribute)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == AcceptFiniteDifferencesProperty && argument.Value.Value is true)
                return true;
        }
        return false;
    }
}
