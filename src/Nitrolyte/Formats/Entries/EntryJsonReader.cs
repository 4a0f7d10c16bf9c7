using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Formats.Entries;

/// <summary>
/// Entries as JSON, as pymatgen serialises them (<c>ComputedEntry</c>, <c>ComputedStructureEntry</c>,
/// <c>PDEntry</c> <c>as_dict()</c>) and as users save Materials Project downloads: a list of entry objects, a single
/// entry, a dict of id → entry, an object with an <c>entries</c> list, a saved pymatgen PhaseDiagram
/// (<c>all_entries</c>) or a raw Materials Project API response (<c>data</c>). Per entry:
/// <c>energy</c> (total eV, uncorrected) or <c>energy_per_atom</c>/<c>uncorrected_energy_per_atom</c>;
/// <c>correction</c> (the total, as pymatgen writes it) or else the sum of <c>energy_adjustments</c>; <c>composition</c> as a dict or formula,
/// else derived from <c>structure.sites[].species[]</c>; <c>entry_id</c>/<c>material_id</c>, <c>name</c>,
/// <c>parameters.run_type</c> kept as metadata. <c>.json.gz</c> is read too.
/// </summary>
public static class EntryJsonReader
{
    public static EntrySet Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        JsonNode? root;
        try
        {
            using var s = VasprunReader.OpenMaybeGzip(path);
            root = JsonNode.Parse(s, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new NitrolyteFormatException(path, $"invalid JSON: {OneLine(e.Message)}", e.LineNumber + 1);
        }
        catch (InvalidDataException e)
        {
            throw new NitrolyteFormatException(path, $"corrupt gzip: {e.Message}");
        }
        return Parse(path, root);
    }

    public static EntrySet Parse(string path, JsonNode? root)
    {
        var list = new List<Entry>();
        switch (root)
        {
            case JsonArray arr:
                for (int i = 0; i < arr.Count; i++) list.Add(ParseEntry(path, arr[i], $"item {i + 1}", null));
                break;
            case JsonObject o when LooksLikeEntry(o):
                list.Add(ParseEntry(path, o, "the entry", null));
                break;
            case JsonObject o when (o["entries"] ?? o["all_entries"] ?? o["data"]) is JsonArray ea:
                // {"entries": [...]}, a saved pymatgen PhaseDiagram ({"all_entries": [...]}) or a raw Materials Project API response ({"data": [...]})
                var key = o.ContainsKey("entries") ? "entries" : o.ContainsKey("all_entries") ? "all_entries" : "data";
                for (int i = 0; i < ea.Count; i++) list.Add(ParseEntry(path, ea[i], $"{key}[{i}]", null));
                break;
            case JsonObject o when o.Count > 0 && o.All(kv => kv.Value is JsonObject):
                foreach (var (k, v) in o) list.Add(ParseEntry(path, v, $"entry '{k}'", k));
                break;
            default:
                throw new NitrolyteFormatException(path, "expected a list of entries, an entry, a dict of id -> entry, or {\"entries\": [...]}");
        }
        if (list.Count == 0) throw new NitrolyteFormatException(path, "no entries in the file");
        var (kept, dropped) = EntrySet.Deduplicate(list);
        return new EntrySet(path, kept, dropped);
    }

    private static bool LooksLikeEntry(JsonObject o) =>
        o.ContainsKey("energy") || o.ContainsKey("energy_per_atom") || o.ContainsKey("uncorrected_energy_per_atom");

    private static Entry ParseEntry(string path, JsonNode? node, string where, string? key)
    {
        if (node is not JsonObject o) throw new NitrolyteFormatException(path, $"{where} is not an object");
        try
        {
            var comp = ReadComposition(path, o, where);
            double atoms = comp.TotalAtoms;
            double? energy = Num(o, "energy");
            double corr = 0;
            // pymatgen writes both the total "correction" and the list "energy_adjustments"; the total wins.
            if (Num(o, "correction") is { } total) corr = total;
            else if (o["energy_adjustments"] is JsonArray adj)
            {
                foreach (var a in adj)
                {
                    if (a is not JsonObject ao) continue;
                    // Constant/Manual: value; Composition: adj_per_atom × n_atoms; Temperature: adj_per_deg × temp × n_atoms.
                    corr += Num(ao, "value")
                            ?? (Num(ao, "adj_per_atom") is { } apa ? apa * (Num(ao, "n_atoms") ?? 0)
                            : Num(ao, "adj_per_deg") is { } apd ? apd * (Num(ao, "temp") ?? 0) * (Num(ao, "n_atoms") ?? 0)
                            : throw new NitrolyteFormatException(path, $"{where}: energy_adjustments item without 'value' (or adj_per_atom/adj_per_deg)"));
                }
            }
            if (energy is null)
            {
                if (Num(o, "uncorrected_energy_per_atom") is { } uepa)
                {
                    energy = uepa * atoms;
                    if (Num(o, "energy_per_atom") is { } epa0) corr = (epa0 - uepa) * atoms;
                }
                else if (Num(o, "energy_per_atom") is { } epa) energy = epa * atoms;
                else throw new NitrolyteFormatException(path, $"{where}: no 'energy' (total eV) or 'energy_per_atom'");
            }
            var id = Str(o, "entry_id") ?? Str(o, "material_id") ?? Str(o, "task_id") ?? key;
            var meta = new Dictionary<string, string> { ["source"] = Path.GetFileName(path) };
            if (Str(o, "@class") is { } cls) meta["class"] = cls;
            if (o["parameters"] is JsonObject p && Str(p, "run_type") is { } rt) meta["run_type"] = rt;
            if (o["data"] is JsonObject d)
                foreach (var (k, v) in d)
                    if (v is JsonValue jv) meta[$"data.{k}"] = jv.ToString();
            var name = Str(o, "name") ?? Str(o, "formula_pretty");
            return new Entry(comp, energy.Value, corr, name, id, meta);
        }
        catch (NitrolyteInputException e)
        {
            throw new NitrolyteFormatException(path, $"{where}: {e.Message}");
        }
    }

    private static Composition ReadComposition(string path, JsonObject o, string where)
    {
        switch (o["composition"])
        {
            case JsonObject c:
                var amounts = new List<KeyValuePair<string, double>>();
                foreach (var (el, v) in c)
                {
                    if (el.StartsWith('@')) continue;
                    var sym = new string(el.TakeWhile(char.IsLetter).ToArray()); // "Fe2+" -> "Fe"
                    if (!Element.TryGet(sym, out _)) throw new NitrolyteFormatException(path, $"{where}: unknown element '{el}' in composition");
                    double n = v is JsonValue jv && jv.TryGetValue<double>(out var dd) ? dd : throw new NitrolyteFormatException(path, $"{where}: amount of {el} is not a number");
                    amounts.Add(new(sym, n));
                }
                if (amounts.Count == 0) throw new NitrolyteFormatException(path, $"{where}: empty composition");
                return new Composition(amounts);
            case JsonValue s when s.TryGetValue<string>(out var formula):
                return Composition.Parse(formula);
        }
        if (o["structure"] is JsonObject st && st["sites"] is JsonArray sites)
        {
            var amounts = new List<KeyValuePair<string, double>>();
            foreach (var site in sites)
            {
                if (site?["species"] is not JsonArray sp) throw new NitrolyteFormatException(path, $"{where}: structure site without species");
                foreach (var s in sp)
                {
                    var el = s?["element"]?.ToString() ?? throw new NitrolyteFormatException(path, $"{where}: species without element");
                    double occ = s["occu"] is JsonValue ov && ov.TryGetValue<double>(out var oc) ? oc : 1;
                    amounts.Add(new(el, occ));
                }
            }
            return new Composition(amounts);
        }
        if (Str(o, "formula_pretty") is { } fp) return Composition.Parse(fp);
        throw new NitrolyteFormatException(path, $"{where}: no 'composition' (or structure) to take the composition from");
    }

    private static double? Num(JsonObject o, string key)
    {
        if (o[key] is not JsonValue v) return null;
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return d;
        throw new NitrolyteInputException($"'{key}' is not a number ({v.ToJsonString()})");
    }

    private static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.GetValueKind() != JsonValueKind.Null ? v.ToString() : null;

    private static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");
}
