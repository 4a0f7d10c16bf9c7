using System.Text.Json.Nodes;
using Nitrolyte.Core;

namespace Nitrolyte.Reports;

/// <summary>
/// The one mapping of a reader's column provenance to JSON, used by every command (eis fit/kk/drt/series, arrhenius,
/// cycle, dcpol, cv) and the evaluate steps:
/// <code>"columns": {"frequency": {"column": "Freq/kHz", "position": 1, "unit": "kHz", "internal_unit": "Hz", "sign": 1, "unit_source": "header"}, ...},
/// "assumptions": ["real column 'Zreal' has no unit: read as Ohm"]</code>
/// Keys are the quantity keys (frequency, real, imag, modulus, phase, temperature, conductivity, conductivity_stderr,
/// time, voltage, current, cycle, step); sign is −1 when the column holds the negative of the quantity (−Z'');
/// unit_source is header, columns_option, assumed or format.
/// </summary>
public static class ColumnsJson
{
    public static JsonObject Columns(ColumnProvenance p)
    {
        var o = new JsonObject();
        foreach (var c in p.Columns)
            o[c.Key] = new JsonObject
            {
                ["column"] = c.Header,
                ["position"] = c.Position > 0 ? c.Position : null,
                ["unit"] = c.Unit,
                ["internal_unit"] = c.InternalUnit,
                ["sign"] = c.Sign,
                ["unit_source"] = c.Source,
            };
        return o;
    }

    public static JsonArray Assumptions(IEnumerable<string> assumptions) =>
        new(assumptions.Distinct().Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());

    /// <summary>Adds "columns" and "assumptions" to <paramref name="target"/> (nothing when <paramref name="p"/> is null).</summary>
    public static JsonObject AddTo(JsonObject target, ColumnProvenance? p)
    {
        if (p is null) return target;
        target["columns"] = Columns(p);
        target["assumptions"] = Assumptions(p.Assumptions);
        return target;
    }

    /// <summary>Several files read into one result (a σ(T) table from several files, a series): "columns" of the
    /// first file, or per file when they differ ("columns_by_file"), and every assumption once.</summary>
    public static JsonObject AddTo(JsonObject target, IReadOnlyList<(string File, ColumnProvenance? Columns)> files)
    {
        var known = files.Where(f => f.Columns is not null).ToList();
        if (known.Count == 0) return target;
        target["columns"] = Columns(known[0].Columns!);
        if (known.Select(k => k.Columns!.Describe()).Distinct().Count() > 1)
        {
            var by = new JsonObject();
            foreach (var (file, c) in known) by[Path.GetFileName(file)] = Columns(c!);
            target["columns_by_file"] = by;
        }
        target["assumptions"] = Assumptions(known.SelectMany(k => k.Columns!.Assumptions.Select(a => known.Count > 1 ? $"{Path.GetFileName(k.File)}: {a}" : a)));
        return target;
    }
}
