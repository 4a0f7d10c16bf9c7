using System.Text.Json.Nodes;

namespace Nitrolyte.Reports;

/// <summary>
/// A plot for the HTML report, kept as plotly.js traces and layout (JSON) so any analysis can describe any
/// chart without the report knowing about it. Build traces with the helpers below.
/// </summary>
public sealed class PlotFigure
{
    public required string Title { get; init; }
    public string XTitle { get; init; } = "";
    public string YTitle { get; init; } = "";
    public bool LogX { get; init; }
    public bool LogY { get; init; }
    /// <summary>Equal axis scaling (Nyquist plots must be drawn with equal axes).</summary>
    public bool EqualAxes { get; init; }
    public bool ReverseX { get; init; }
    public List<JsonObject> Traces { get; } = [];
    /// <summary>Extra plotly layout keys merged over the defaults (shapes, annotations, secondary axes...).</summary>
    public JsonObject? ExtraLayout { get; init; }
    /// <summary>A sentence under the plot saying what it shows.</summary>
    public string? Caption { get; init; }

    public PlotFigure Add(JsonObject trace) { Traces.Add(trace); return this; }

    public static JsonObject Line(string name, IEnumerable<double> x, IEnumerable<double> y, string? dash = null, string? color = null, string? yaxis = null)
    {
        var t = new JsonObject
        {
            ["type"] = "scatter", ["mode"] = "lines", ["name"] = name,
            ["x"] = Json.Array(x), ["y"] = Json.Array(y),
            ["line"] = new JsonObject { ["dash"] = dash ?? "solid" },
        };
        if (color is not null) ((JsonObject)t["line"]!)["color"] = color;
        if (yaxis is not null) t["yaxis"] = yaxis;
        return t;
    }

    public static JsonObject Markers(string name, IEnumerable<double> x, IEnumerable<double> y, IEnumerable<double>? errorY = null, string? color = null, IEnumerable<string>? text = null, string? yaxis = null)
    {
        var t = new JsonObject
        {
            ["type"] = "scatter", ["mode"] = "markers", ["name"] = name,
            ["x"] = Json.Array(x), ["y"] = Json.Array(y),
            ["marker"] = new JsonObject { ["size"] = 7 },
        };
        if (errorY is not null) t["error_y"] = new JsonObject { ["type"] = "data", ["array"] = Json.Array(errorY), ["visible"] = true };
        if (color is not null) ((JsonObject)t["marker"]!)["color"] = color;
        if (text is not null) t["text"] = new JsonArray(text.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        if (yaxis is not null) t["yaxis"] = yaxis;
        return t;
    }

    public static JsonObject Heatmap(string name, IEnumerable<double> x, IEnumerable<double> y, double[,] z, string colorbarTitle = "")
    {
        int ny = z.GetLength(0), nx = z.GetLength(1);
        var rows = new JsonArray();
        for (int i = 0; i < ny; i++)
        {
            var row = new double[nx];
            for (int j = 0; j < nx; j++) row[j] = z[i, j];
            rows.Add(Json.Array(row));
        }
        return new JsonObject
        {
            ["type"] = "heatmap", ["name"] = name, ["x"] = Json.Array(x), ["y"] = Json.Array(y), ["z"] = rows,
            ["colorbar"] = new JsonObject { ["title"] = new JsonObject { ["text"] = colorbarTitle } },
        };
    }

    /// <summary>The plotly layout for this figure.</summary>
    public JsonObject Layout()
    {
        var xaxis = new JsonObject { ["title"] = new JsonObject { ["text"] = XTitle }, ["type"] = LogX ? "log" : "linear", ["zeroline"] = false };
        var yaxis = new JsonObject { ["title"] = new JsonObject { ["text"] = YTitle }, ["type"] = LogY ? "log" : "linear", ["zeroline"] = false };
        // Log axes: 10⁻⁴ rather than plotly's SI prefixes ("100µ", "10n", "1p"), which read oddly for σ in S/cm.
        if (LogX) xaxis["exponentformat"] = "power";
        if (LogY) yaxis["exponentformat"] = "power";
        if (ReverseX) xaxis["autorange"] = "reversed";
        if (EqualAxes) { yaxis["scaleanchor"] = "x"; yaxis["scaleratio"] = 1; }
        var layout = new JsonObject
        {
            ["title"] = new JsonObject { ["text"] = Title },
            ["xaxis"] = xaxis, ["yaxis"] = yaxis,
            ["margin"] = new JsonObject { ["l"] = 70, ["r"] = 30, ["t"] = 50, ["b"] = 60 },
            ["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = -0.2 },
            ["height"] = 420,
        };
        if (ExtraLayout is not null)
            foreach (var (k, v) in ExtraLayout) layout[k] = v?.DeepClone();
        // A right-hand axis needs room for its tick labels and title: with the default 30 px margin the labels were
        // clipped and the title drawn over them.
        if (layout["yaxis2"] is JsonObject y2 && ExtraLayout?.ContainsKey("margin") != true)
        {
            y2["automargin"] = true;
            layout["margin"]!["r"] = 80;
        }
        return layout;
    }
}

/// <summary>
/// A 3D structure view for the report (3Dmol.js): the model as CIF or XYZ text and, optionally, a Gaussian
/// cube of a scalar field (BVSE energy, Li probability density) drawn as an isosurface at <see cref="IsoValue"/>.
/// </summary>
public sealed class StructureView
{
    public required string Title { get; init; }
    public required string ModelFormat { get; init; } // "cif", "xyz", "pdb"
    public required string ModelText { get; init; }
    public string? CubeText { get; init; }
    public double? IsoValue { get; init; }
    public string IsoColor { get; init; } = "#1f77b4";
    public string? Caption { get; init; }
}
