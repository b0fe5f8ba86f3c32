using System;
using GenOpt;

namespace Corpus;

/// <summary>
/// Pressure vessel design (Sandgren 1990; Coello 2000): shell and head thickness, inner radius, length; constraints as
/// squared Math.Max penalties.
/// </summary>
public static partial class PressureVessel
{
    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> x)
    {
        double ts = x[0], th = x[1], r = x[2], l = x[3];
        double cost = 0.6224 * ts * r * l + 1.7781 * th * r * r + 3.1661 * ts * ts * l + 19.84 * ts * ts * r;
        double g1 = -ts + 0.0193 * r;
        double g2 = -th + 0.00954 * r;
        double g3 = -Math.PI * r * r * l - 4.0 / 3.0 * Math.PI * r * r * r + 1.296;
        double g4 = l - 2.4;
        double penalty = Math.Pow(Math.Max(0, g1), 2) + Math.Pow(Math.Max(0, g2), 2) + Math.Pow(Math.Max(0, g3), 2) + Math.Pow(Math.Max(0, g4), 2);
        return cost + 1e3 * penalty;
    }
}

/// <summary>Welded beam design (Ragsdell and Phillips 1976, Coello 2000), scaled lengths; weld stress, bending stress, buckling and deflection penalised.</summary>
public static partial class WeldedBeam
{
    private const double P = 6000, L = 14, E = 30e6, G = 12e6, TauMax = 13600, SigmaMax = 30000, DeltaMax = 0.25;

    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> x)
    {
        double h = 0.2 * x[0], l = 3 * x[1], t = 6 * x[2], b = 0.2 * x[3];
        double tau1 = P / (Math.Sqrt(2) * h * l);
        double m = P * (L + l / 2);
        double r = Math.Sqrt(l * l / 4 + Math.Pow((h + t) / 2, 2));
        double j = 2 * (Math.Sqrt(2) * h * l * (l * l / 12 + Math.Pow((h + t) / 2, 2)));
        double tau2 = m * r / j;
        double tau = Math.Sqrt(tau1 * tau1 + 2 * tau1 * tau2 * l / (2 * r) + tau2 * tau2);
        double sigma = 6 * P * L / (b * t * t);
        double delta = 4 * P * L * L * L / (E * t * t * t * b);
        double pc = 4.013 * E * Math.Sqrt(t * t * Math.Pow(b, 6) / 36) / (L * L) * (1 - t / (2 * L) * Math.Sqrt(E / (4 * G)));
        double cost = 1.10471 * h * h * l + 0.04811 * t * b * (L + l);
        double penalty = 0;
        penalty += Math.Max(0, tau / TauMax - 1);
        penalty += Math.Max(0, sigma / SigmaMax - 1);
        penalty += Math.Max(0, delta / DeltaMax - 1);
        penalty += Math.Max(0, 1 - pc / P);
        penalty += Math.Max(0, h / b - 1);
        return cost + 10 * penalty * penalty;
    }
}

/// <summary>Tension/compression spring (Arora 1989; Belegundu 1982): wire diameter, coil diameter, active coils.</summary>
public static partial class TensionSpring
{
    [Objective(Dimension = 3)]
    public static partial double Weight(ReadOnlySpan<double> x)
    {
        double d = 0.05 + 0.05 * x[0], coil = 0.25 + 0.5 * x[1], n = 2 + 10 * x[2];
        double weight = (n + 2) * coil * d * d;
        double g1 = 1 - coil * coil * coil * n / (71785 * Math.Pow(d, 4));
        double g2 = (4 * coil * coil - d * coil) / (12566 * (coil * Math.Pow(d, 3) - Math.Pow(d, 4))) + 1 / (5108 * d * d) - 1;
        double g3 = 1 - 140.45 * d / (coil * coil * n);
        double g4 = (coil + d) / 1.5 - 1;
        return weight + 10 * (Square(Math.Max(0, g1)) + Square(Math.Max(0, g2)) + Square(Math.Max(0, g3)) + Square(Math.Max(0, g4)));

        static double Square(double v) => v * v;
    }
}

/// <summary>Three-bar truss (Ray and Saini 2001): volume with the three stress constraints as penalties.</summary>
public static partial class ThreeBarTruss
{
    [Objective(Dimension = 2)]
    public static partial double Volume(ReadOnlySpan<double> a)
    {
        const double l = 100, load = 2, stress = 2;
        double root2 = Math.Sqrt(2);
        double volume = (2 * root2 * a[0] + a[1]) * l;
        double denominator = root2 * a[0] * a[0] + 2 * a[0] * a[1];
        double g1 = (root2 * a[0] + a[1]) / denominator * load - stress;
        double g2 = a[1] / denominator * load - stress;
        double g3 = 1 / (root2 * a[1] + a[0]) * load - stress;
        double penalty = 0;
        if (g1 > 0) penalty += g1 * g1;
        if (g2 > 0) penalty += g2 * g2;
        if (g3 > 0) penalty += g3 * g3;
        return volume + 1e4 * penalty;
    }
}

/// <summary>
/// Compliance of a 5-member truss from member areas: member stiffness summed into a 2x2 reduced stiffness, solved in
/// closed form; a volume constraint as penalty.
/// </summary>
public static partial class TrussCompliance
{
    private static readonly double[] Cos = { 1, 0, 0.7071067811865476, -0.7071067811865476, 0.8944271909999159 };
    private static readonly double[] Sin = { 0, 1, 0.7071067811865476, 0.7071067811865476, 0.4472135954999579 };
    private static readonly double[] Length = { 1, 1, 1.4142135623730951, 1.4142135623730951, 1.118033988749895 };

    [Objective(Dimension = 5)]
    public static partial double Compliance(ReadOnlySpan<double> area)
    {
        double k11 = 0, k12 = 0, k22 = 0, volume = 0;
        for (int m = 0; m < 5; m++)
        {
            double s = area[m] / Length[m];
            k11 += s * Cos[m] * Cos[m];
            k12 += s * Cos[m] * Sin[m];
            k22 += s * Sin[m] * Sin[m];
            volume += area[m] * Length[m];
        }
        const double fx = 0.3, fy = -1;
        double det = k11 * k22 - k12 * k12;
        double ux = (k22 * fx - k12 * fy) / det;
        double uy = (k11 * fy - k12 * fx) / det;
        double excess = Math.Max(0, volume - 5);
        return fx * ux + fy * uy + 10 * excess * excess;
    }
}

/// <summary>Counterflow heat exchanger: effectiveness-NTU duty and a cost of area, with the mass flows as variables.</summary>
public static partial class HeatExchanger
{
    [Objective(Dimension = 3)]
    public static partial double Cost(ReadOnlySpan<double> x)
    {
        double area = 10 * x[0], hotFlow = x[1], coldFlow = x[2];
        const double cp = 4.18, u = 0.5, hotIn = 90, coldIn = 15;
        double ch = hotFlow * cp, cc = coldFlow * cp;
        double cmin = Math.Min(ch, cc), cmax = Math.Max(ch, cc);
        double ratio = cmin / cmax;
        double ntu = u * area / cmin;
        double effectiveness = Math.Abs(1 - ratio) < 1e-9
            ? ntu / (1 + ntu)
            : (1 - Math.Exp(-ntu * (1 - ratio))) / (1 - ratio * Math.Exp(-ntu * (1 - ratio)));
        double duty = effectiveness * cmin * (hotIn - coldIn);
        double pumping = 0.2 * (hotFlow * hotFlow * hotFlow + coldFlow * coldFlow * coldFlow);
        return 3 * Math.Pow(area, 0.8) + pumping - 0.05 * duty;
    }
}

/// <summary>Log-mean temperature difference sizing: the area needed for a duty, with the outlet temperatures as variables.</summary>
public static partial class LmtdArea
{
    [Objective(Dimension = 2)]
    public static partial double Area(ReadOnlySpan<double> t)
    {
        const double hotIn = 3, coldIn = 0;
        double hotOut = 1.5 + t[0], coldOut = 0.5 * t[1];
        double d1 = hotIn - coldOut, d2 = hotOut - coldIn;
        double lmtd = (d1 - d2) / Math.Log(d1 / d2);
        double duty = 2 * (hotIn - hotOut) + 1.5 * coldOut;
        return duty / lmtd + Math.Pow(hotIn - hotOut - 0.75 * coldOut, 2);
    }
}

/// <summary>Stepped cantilever (5 segments of width and height, Vanderplaats): volume plus stress and tip deflection penalties.</summary>
public static partial class SteppedCantilever
{
    [Objective(Dimension = 10)]
    public static partial double Volume(ReadOnlySpan<double> x)
    {
        const double load = 0.5, length = 1, e = 200, allowed = 14, tipLimit = 2.7;
        double volume = 0, deflection = 0, penalty = 0;
        for (int k = 0; k < 5; k++)
        {
            double b = x[2 * k], h = 2 * x[2 * k + 1];
            double inertia = b * h * h * h / 12;
            double arm = length * (5 - k);
            double stress = load * arm * h / (2 * inertia);
            volume += b * h * length;
            deflection += load * length / (e * inertia) * (arm * arm - arm * length + length * length / 3);
            double over = stress / allowed - 1;
            penalty += over > 0 ? over * over : 0;
            penalty += Math.Pow(Math.Max(0, h / b - 20), 2);
        }
        penalty += Math.Pow(Math.Max(0, deflection / tipLimit - 1), 2);
        return volume + 100 * penalty;
    }
}

/// <summary>Gear train ratio (Sandgren 1990), continuous relaxation: teeth counts scaled to [12, 60].</summary>
public static partial class GearTrain
{
    [Objective(Dimension = 4)]
    public static partial double Error(ReadOnlySpan<double> x)
    {
        double a = 12 + 40 * x[0], b = 12 + 40 * x[1], d = 12 + 40 * x[2], f = 12 + 40 * x[3];
        double e = 1 / 6.931 - a * b / (d * f);
        return e * e;
    }
}

/// <summary>A composite beam whose segments take their material from a switch expression on the segment index.</summary>
public static partial class CompositeBeam
{
    [Objective(Dimension = 4)]
    public static partial double Cost(ReadOnlySpan<double> thickness)
    {
        double mass = 0, compliance = 0;
        for (int i = 0; i < 4; i++)
        {
            double density = i switch { 0 => 7.8, 1 => 2.7, 2 => 4.5, _ => 1.6 };
            double modulus = i switch { 0 => 210, 1 => 70, 2 => 110, _ => 60 };
            double t = thickness[i];
            mass += density * t;
            compliance += (4 - i) * (4 - i) / (modulus * t * t * t);
        }
        return mass + 1000 * compliance;
    }
}

/// <summary>Golinski's speed reducer (Golinski 1973; Ray and Saini 2001), variables scaled from [0, 1] into the design box; a few constraints penalised.</summary>
public static partial class SpeedReducer
{
    [Objective(Dimension = 7)]
    public static partial double Weight(ReadOnlySpan<double> v)
    {
        double x1 = 2.6 + 1.0 * v[0], x2 = 0.7 + 0.1 * v[1], x3 = 17 + 11 * v[2], x4 = 7.3 + 1.0 * v[3];
        double x5 = 7.3 + 1.0 * v[4], x6 = 2.9 + 1.0 * v[5], x7 = 5.0 + 0.5 * v[6];
        double weight = 0.7854 * x1 * x2 * x2 * (3.3333 * x3 * x3 + 14.9334 * x3 - 43.0934)
            - 1.508 * x1 * (x6 * x6 + x7 * x7) + 7.4777 * (x6 * x6 * x6 + x7 * x7 * x7) + 0.7854 * (x4 * x6 * x6 + x5 * x7 * x7);
        double g1 = 27 / (x1 * x2 * x2 * x3) - 1;
        double g2 = 397.5 / (x1 * x2 * x2 * x3 * x3) - 1;
        double g5 = Math.Sqrt(Math.Pow(745 * x4 / (x2 * x3), 2) + 16.9e6) / (110 * x6 * x6 * x6) - 1;
        double penalty = Math.Max(0, g1) + Math.Max(0, g2) + Math.Max(0, g5);
        return weight + 1e3 * penalty * penalty;
    }
}
