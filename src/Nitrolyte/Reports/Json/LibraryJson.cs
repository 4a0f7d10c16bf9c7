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

    /// <summary>`library compare --json`: the rows, σ(25 °C) by id (null when the row has no Ea) and the plot written, if any.</summary>
    public static JsonObject Compare(IReadOnlyList<LiteratureEntry> picked, string? plotHtml) => new()
    {
        ["materials"] = Entries(picked),
        ["sigma_25c_s_per_cm"] = new JsonObject(picked.Select(r => new KeyValuePair<string, JsonNode?>(r.Id, r.Sigma25C is { } v ? Json.Number(v) : null))),
        ["plot_html"] = plotHtml,
    };

    /// <summary>`library path --json`: where the store is and what it holds.</summary>
    public static JsonObject Store(LibraryStore store, IReadOnlyCollection<LiteratureEntry> rows)
    {
        int user = rows.Count(r => r.Origin == EntryOrigin.User);
        return new JsonObject
        {
            ["store"] = store.Path, ["literature_version"] = store.LiteratureVersion, ["literature_rows"] = rows.Count - user, ["user_rows"] = user, ["seed_action"] = store.SeedAction,
        };
    }
}
