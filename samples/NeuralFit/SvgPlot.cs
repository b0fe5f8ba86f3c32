using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;

namespace NeuralFit;

/// <summary>Writes loss-versus-evaluations curves as a log–log SVG line chart.</summary>
public static class SvgPlot
{
    private const int Width = 860, Height = 520;
    private const int Left = 80, Right = 220, Top = 50, Bottom = 60;

    // A colour-blind-friendly palette (Okabe & Ito, 2008).
    private static readonly string[] Colors = ["#0072B2", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#000000"];

    public static void Write(string path, string title, LossCurve[] curves, double reference, string referenceLabel)
    {
        long maxEvaluations = 1;
        double low = reference, high = reference;
        foreach (var curve in curves)
            for (int i = 0; i < curve.Points; i++)
            {
                maxEvaluations = Math.Max(maxEvaluations, curve.EvaluationAt(i));
                low = Math.Min(low, curve.BestAt(i));
                high = Math.Max(high, curve.BestAt(i));
            }
        foreach (var curve in curves)
            maxEvaluations = Math.Max(maxEvaluations, curve.Evaluations);
        double xSpan = Math.Max(1, Math.Log10(1.2 * maxEvaluations));   // the axis ends a little after the longest run
        if (!(low > 0) || !double.IsFinite(high))
            throw new ArgumentException($"A log-scale plot needs positive, finite values; the curves and reference span [{low}, {high}].", nameof(curves));
        int yLow = (int)Math.Floor(Math.Log10(low)), yHigh = (int)Math.Ceiling(Math.Log10(high));
        if (yHigh == yLow) yHigh++;

        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        double X(double evaluations) => Left + plotWidth * Math.Log10(Math.Max(1, evaluations)) / xSpan;
        double Y(double loss) => Top + plotHeight * (yHigh - Math.Log10(loss)) / (yHigh - yLow);

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"13\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + plotWidth / 2:F1}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>\n"));

        // Grid and decade labels.
        for (int d = 0; d <= (int)Math.Floor(xSpan); d++)
        {
            double x = X(Math.Pow(10, d));
            svg.Append(Invariant($"<line x1=\"{x:F1}\" y1=\"{Top}\" x2=\"{x:F1}\" y2=\"{Top + plotHeight:F1}\" stroke=\"#ddd\"/>\n"));
            svg.Append(Invariant($"<text x=\"{x:F1}\" y=\"{Top + plotHeight + 20:F1}\" text-anchor=\"middle\">10<tspan dy=\"-6\" font-size=\"10\">{d}</tspan></text>\n"));
        }
        for (int d = yLow; d <= yHigh; d++)
        {
            double y = Y(Math.Pow(10, d));
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Left + plotWidth:F1}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">10<tspan dy=\"-6\" font-size=\"10\">{d}</tspan></text>\n"));
        }
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotWidth:F1}\" height=\"{plotHeight:F1}\" fill=\"none\" stroke=\"#444\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + plotWidth / 2:F1}\" y=\"{Height - 15}\" text-anchor=\"middle\">objective evaluations (a gradient evaluation counts as one)</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(22 {Top + plotHeight / 2:F1}) rotate(-90)\" text-anchor=\"middle\">best training loss so far</text>\n"));

        // Reference line.
        double yRef = Y(reference);
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{yRef:F1}\" x2=\"{Left + plotWidth:F1}\" y2=\"{yRef:F1}\" stroke=\"#888\" stroke-dasharray=\"6 4\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + 6}\" y=\"{yRef - 6:F1}\" fill=\"#555\" font-size=\"12\">{Escape(referenceLabel)}</text>\n"));

        // Curves as steps: the best value holds until the next improvement, and to the run's last evaluation.
        for (int c = 0; c < curves.Length; c++)
        {
            var curve = curves[c];
            if (curve.Points == 0) continue;
            string color = Colors[c % Colors.Length];
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\""));
            for (int i = 0; i < curve.Points; i++)
            {
                if (i > 0)
                    svg.Append(Invariant($"{X(curve.EvaluationAt(i)):F1},{Y(curve.BestAt(i - 1)):F1} "));
                svg.Append(Invariant($"{X(curve.EvaluationAt(i)):F1},{Y(curve.BestAt(i)):F1} "));
            }
            svg.Append(Invariant($"{X(curve.Evaluations):F1},{Y(curve.Best):F1}\"/>\n"));

            double legendY = Top + 10 + 40 * c;
            double legendX = Left + plotWidth + 16;
            svg.Append(Invariant($"<line x1=\"{legendX:F1}\" y1=\"{legendY:F1}\" x2=\"{legendX + 24:F1}\" y2=\"{legendY:F1}\" stroke=\"{color}\" stroke-width=\"3\"/>\n"));
            svg.Append(Invariant($"<text x=\"{legendX + 30:F1}\" y=\"{legendY + 4:F1}\">{Escape(curve.Name)}</text>\n"));
            svg.Append(Invariant($"<text x=\"{legendX + 30:F1}\" y=\"{legendY + 20:F1}\" font-size=\"11\" fill=\"#555\">{curve.Best:E2} in {curve.Evaluations:N0}</text>\n"));
        }
        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
