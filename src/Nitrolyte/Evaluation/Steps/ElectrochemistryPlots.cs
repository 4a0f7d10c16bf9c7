using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>Helpers shared by the electrochemistry evaluate steps: option parsing and plot decimation.</summary>
internal static class EchemStepHelpers
{
    public static double? Opt(DataEntry e, string key) => e.Options[key] is JsonValue v
        ? (v.TryGetValue<double>(out var d) ? d : double.TryParse(v.ToString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : throw new NitrolyteInputException($"option {key}: '{v}' is not a number"))
        : null;

    public static string? OptString(DataEntry e, string key) => e.Options[key]?.ToString();

    public static string SingleFile(DataEntry e)
    {
        if (e.Files.Count != 1) throw new NitrolyteInputException($"{e.DisplayName}: technique '{e.Technique}' takes exactly one file (found {e.Files.Count})");
        return e.Files[0];
    }

    /// <summary>At most ~<paramref name="maxPoints"/> points keeping each bucket's first, minimum and maximum y
    /// (spikes and collapses stay visible).</summary>
    public static (double[] X, double[] Y) MinMax(double[] x, double[] y, int maxPoints = 4000)
    {
        int n = x.Length;
        if (n <= maxPoints) return (x, y);
        int buckets = maxPoints / 3;
        var xs = new List<double>(maxPoints + 3); var ys = new List<double>(maxPoints + 3);
        for (int b = 0; b < buckets; b++)
        {
            int from = (int)((long)n * b / buckets), to = (int)((long)n * (b + 1) / buckets);
            if (to <= from) continue;
            int imin = from, imax = from;
            for (int i = from; i < to; i++) { if (y[i] < y[imin]) imin = i; if (y[i] > y[imax]) imax = i; }
            foreach (var i in new[] { from, imin, imax }.Distinct().OrderBy(i => i)) { xs.Add(x[i]); ys.Add(y[i]); }
        }
        xs.Add(x[^1]); ys.Add(y[^1]);
        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>Vertical dashed lines with labels at the given x positions (plotly shapes + annotations).</summary>
    public static JsonObject Markers(IEnumerable<(double X, string Label, string Color)> marks)
    {
        var shapes = new JsonArray(); var ann = new JsonArray();
        foreach (var (x, label, color) in marks)
        {
            shapes.Add(new JsonObject { ["type"] = "line", ["xref"] = "x", ["yref"] = "paper", ["x0"] = x, ["x1"] = x, ["y0"] = 0, ["y1"] = 1, ["line"] = new JsonObject { ["color"] = color, ["dash"] = "dash", ["width"] = 1.5 } });
            ann.Add(new JsonObject { ["x"] = x, ["y"] = 1, ["xref"] = "x", ["yref"] = "paper", ["text"] = label, ["showarrow"] = false, ["yanchor"] = "bottom", ["font"] = new JsonObject { ["color"] = color } });
        }
        return new JsonObject { ["shapes"] = shapes, ["annotations"] = ann };
    }

    /// <summary>A right-hand y axis; <paramref name="fromZero"/> keeps 0 in its range so that a nearly constant
    /// quantity (an ASR drifting by 2 %) is not blown up into apparent jumps by autoscaling.</summary>
    public static JsonObject SecondAxis(string title, bool fromZero = false)
    {
        var axis = new JsonObject { ["title"] = new JsonObject { ["text"] = title }, ["overlaying"] = "y", ["side"] = "right", ["zeroline"] = false,
            // ticks of its own at round values (plotly would otherwise place them where the left axis has its grid lines)
            ["tickmode"] = "auto", ["showgrid"] = false };
        if (fromZero) axis["rangemode"] = "tozero";
        return new JsonObject { ["yaxis2"] = axis };
    }

    public static string Sci(double v, string unit) => double.IsFinite(v) ? $"{v:0.###e+0} {unit}" : "—";
}
