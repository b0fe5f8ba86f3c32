using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text;

namespace NeuralFit;

/// <summary>
/// Writes best-loss curves as a log–log SVG line chart: against evaluations, and optionally a second panel below
/// against wall-clock seconds.
/// </summary>
public static class SvgPlot
{
    private const int Width = 860, PanelHeight = 520;
    private const int Left = 80, Right = 220, Top = 50, Bottom = 60;

    // A colour-blind-friendly palette (Okabe & Ito, 2008).
    private static readonly string[] Colors = ["#0072B2", "#E69F00", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#999999"];

    public static void Write(string path, string title, LossCurve[] curves, double reference, string referenceLabel, bool withTimePanel = false)
    {
        double low = reference, high = reference;
        foreach (var curve in curves)
            for (int i = 0; i < curve.Points; i++)
            {
                low = Math.Min(low, curve.BestAt(i));
                high = Math.Max(high, curve.BestAt(i));
            }
        if (!(low > 0) || !double.IsFinite(high))
            throw new ArgumentException($"A log-scale plot needs positive, finite values; the curves and reference span [{low}, {high}].", nameof(curves));
        int yLow = (int)Math.Floor(Math.Log10(low)), yHigh = (int)Math.Ceiling(Math.Log10(high));
        if (yHigh == yLow) yHigh++;

        int height = withTimePanel ? 2 * PanelHeight : PanelHeight;
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"13\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + (Width - Left - Right) / 2.0:F1}\" y=\"28\" text-anchor=\"middle\" font-size=\"16\">{Escape(title)}</text>\n"));
        Panel(svg, 0, curves, reference, referenceLabel, yLow, yHigh, seconds: false);
        if (withTimePanel)
            Panel(svg, PanelHeight, curves, reference, referenceLabel, yLow, yHigh, seconds: true);
        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    private static void Panel(StringBuilder svg, double offset, LossCurve[] curves, double reference, string referenceLabel, int yLow, int yHigh, bool seconds)
    {
        // The x axis: evaluations from 1, or seconds from the decade below the first recorded point.
        double xMax = 1, xMin = 1;
        if (seconds)
        {
            xMin = double.PositiveInfinity;
            xMax = 0;
            foreach (var curve in curves)
            {
                for (int i = 0; i < curve.Points; i++)
                    if (curve.SecondsAt(i) > 0)
                        xMin = Math.Min(xMin, curve.SecondsAt(i));
                xMax = Math.Max(xMax, curve.Seconds);
            }
            if (!(xMin < double.PositiveInfinity) || !(xMax > 0))
                xMin = xMax = 1;
        }
        else
            foreach (var curve in curves)
                xMax = Math.Max(xMax, curve.Evaluations);
        int xLow = (int)Math.Floor(Math.Log10(xMin));
        double xSpan = Math.Max(1, Math.Log10(1.2 * xMax) - xLow);   // the axis ends a little after the longest run

        double top = offset + Top;
        double plotWidth = Width - Left - Right, plotHeight = PanelHeight - Top - Bottom;
        double X(double at) => Left + plotWidth * Math.Max(0, Math.Log10(Math.Max(at, 1e-300)) - xLow) / xSpan;
        double Y(double loss) => top + plotHeight * (yHigh - Math.Log10(loss)) / (yHigh - yLow);

        // Grid and decade labels.
        for (int d = xLow; d <= xLow + (int)Math.Floor(xSpan); d++)
        {
            double x = X(Math.Pow(10, d));
            svg.Append(Invariant($"<line x1=\"{x:F1}\" y1=\"{top:F1}\" x2=\"{x:F1}\" y2=\"{top + plotHeight:F1}\" stroke=\"#ddd\"/>\n"));
            svg.Append(Invariant($"<text x=\"{x:F1}\" y=\"{top + plotHeight + 20:F1}\" text-anchor=\"middle\">10<tspan dy=\"-6\" font-size=\"10\">{d}</tspan></text>\n"));
        }
        for (int d = yLow; d <= yHigh; d++)
        {
            double y = Y(Math.Pow(10, d));
            svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{y:F1}\" x2=\"{Left + plotWidth:F1}\" y2=\"{y:F1}\" stroke=\"#ddd\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Left - 8}\" y=\"{y + 4:F1}\" text-anchor=\"end\">10<tspan dy=\"-6\" font-size=\"10\">{d}</tspan></text>\n"));
        }
        svg.Append(Invariant($"<rect x=\"{Left}\" y=\"{top:F1}\" width=\"{plotWidth:F1}\" height=\"{plotHeight:F1}\" fill=\"none\" stroke=\"#444\"/>\n"));
        string xLabel = seconds ? "wall-clock seconds" : "objective evaluations (a gradient evaluation counts as one)";
        svg.Append(Invariant($"<text x=\"{Left + plotWidth / 2:F1}\" y=\"{offset + PanelHeight - 15:F1}\" text-anchor=\"middle\">{xLabel}</text>\n"));
        svg.Append(Invariant($"<text transform=\"translate(22 {top + plotHeight / 2:F1}) rotate(-90)\" text-anchor=\"middle\">best training loss so far</text>\n"));

        // Reference line.
        double yRef = Y(reference);
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{yRef:F1}\" x2=\"{Left + plotWidth:F1}\" y2=\"{yRef:F1}\" stroke=\"#888\" stroke-dasharray=\"6 4\"/>\n"));
        svg.Append(Invariant($"<text x=\"{Left + 6}\" y=\"{yRef - 6:F1}\" fill=\"#555\" font-size=\"12\">{Escape(referenceLabel)}</text>\n"));

        // Curves as steps: the best value holds until the next improvement, and to the run's end.
        for (int c = 0; c < curves.Length; c++)
        {
            var curve = curves[c];
            if (curve.Points == 0) continue;
            double At(int i) => seconds ? curve.SecondsAt(i) : curve.EvaluationAt(i);
            string color = Colors[c % Colors.Length];
            // Past the eight colours, a curve is told from the one of the same colour by a dash pattern.
            string dash = c < Colors.Length ? "" : " stroke-dasharray=\"8 3 2 3\"";
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{color}\"{dash} stroke-width=\"2\" points=\""));
            for (int i = 0; i < curve.Points; i++)
            {
                if (i > 0)
                    svg.Append(Invariant($"{X(At(i)):F1},{Y(curve.BestAt(i - 1)):F1} "));
                svg.Append(Invariant($"{X(At(i)):F1},{Y(curve.BestAt(i)):F1} "));
            }
            svg.Append(Invariant($"{X(seconds ? curve.Seconds : curve.Evaluations):F1},{Y(curve.Best):F1}\"/>\n"));

            double legendY = top + 10 + 40 * c;
            double legendX = Left + plotWidth + 16;
            string summary = seconds ? Invariant($"{curve.Best:E2} in {FormatSeconds(curve.Seconds)}") : Invariant($"{curve.Best:E2} in {curve.Evaluations:N0}");
            svg.Append(Invariant($"<line x1=\"{legendX:F1}\" y1=\"{legendY:F1}\" x2=\"{legendX + 24:F1}\" y2=\"{legendY:F1}\" stroke=\"{color}\"{dash} stroke-width=\"3\"/>\n"));
            svg.Append(Invariant($"<text x=\"{legendX + 30:F1}\" y=\"{legendY + 4:F1}\">{Escape(curve.Name)}</text>\n"));
            svg.Append(Invariant($"<text x=\"{legendX + 30:F1}\" y=\"{legendY + 20:F1}\" font-size=\"11\" fill=\"#555\">{Escape(summary)}</text>\n"));
        }
    }

    private static string FormatSeconds(double seconds) =>
        seconds < 1 ? Invariant($"{1e3 * seconds:F1} ms") : Invariant($"{seconds:F2} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
