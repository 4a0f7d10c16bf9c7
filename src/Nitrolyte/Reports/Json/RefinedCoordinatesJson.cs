using System.Text.Json.Nodes;
using Nitrolyte.Diffraction.Refinement;

namespace Nitrolyte.Reports;

/// <summary>
/// Refined fractional coordinates of a phase as JSON (xrd refine and the xrd_measured step share it):
/// [{"site","x","x_stderr","y","y_stderr","z","z_stderr","free","site_symmetry_order","multiplicity"}]; a coordinate
/// held by the site symmetry has a null s.u.
/// </summary>
public static class RefinedCoordinatesJson
{
    public static JsonArray ToJson(IEnumerable<RefinedCoordinate> coordinates) => new(coordinates.Select(c => (JsonNode)new JsonObject
    {
        ["site"] = c.Site,
        ["x"] = c.X, ["x_stderr"] = Su(c.XStdErr),
        ["y"] = c.Y, ["y_stderr"] = Su(c.YStdErr),
        ["z"] = c.Z, ["z_stderr"] = Su(c.ZStdErr),
        ["free"] = c.Free, ["site_symmetry_order"] = c.SiteSymmetryOrder, ["multiplicity"] = c.Multiplicity,
    }).ToArray());

    private static double? Su(double v) => v > 0 && double.IsFinite(v) ? v : null;
}
