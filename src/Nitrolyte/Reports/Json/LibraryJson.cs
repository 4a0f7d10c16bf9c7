using System.Text.Json.Nodes;
using Nitrolyte.Library;

namespace Nitrolyte.Reports;

/// <summary>The one JSON shape of library rows (`library list|show|compare --json`): the contract's keys (name ... source)
/// followed by the rest.</summary>
public static class LibraryJson
{
    public static JsonObject Entry(LiteratureEntry e) => new()
    {
        ["name"] = e.Name,
        ["formula"] = e.Formula,
        ["family"] = e.Family,
        ["space_group"] = e.SpaceGroup,
        ["sigma_s_per_cm"] = Json.Number(e.SigmaSPerCm),
        ["temperature_c"] = Json.Number(e.TemperatureC),
        ["extrapolated"] = e.Extrapolated,
        ["ea_ev"] = Json.Number(e.EaEV),
        ["synthesis"] = e.Synthesis,
        ["source"] = e.Source,
        ["id"] = e.Id,
        ["origin"] = e.Origin == EntryOrigin.User ? "user" : "literature",
        ["review_table"] = e.ReviewTable,
        ["table_label"] = e.TableLabel,
        ["structure"] = e.Structure,
        ["ea_form"] = e.EaForm,
        ["ea_high_t_ev"] = Json.Number(e.EaHighTEV),
        ["transition_c"] = Json.Number(e.TransitionC),
        ["reference"] = e.Reference,
        ["density_g_per_cm3"] = Json.Number(e.DensityGPerCm3),
        ["notes"] = e.Notes,
    };

    public static JsonArray Entries(IEnumerable<LiteratureEntry> rows) => new(rows.Select(r => (JsonNode?)Entry(r)).ToArray());
}
