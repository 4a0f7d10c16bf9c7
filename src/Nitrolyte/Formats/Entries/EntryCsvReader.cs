using System.Globalization;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Formats.Entries;

/// <summary>
/// Entries as CSV, the layout pymatgen's <c>EntrySet.to_csv</c> writes (and its test file
/// <c>pd_entries_test.csv</c> uses): a header <c>Name,El1,El2,...,Final energy</c>, one row per entry with the
/// amount of each element and the total energy (eV) of that composition. Optional extra columns:
/// <c>correction</c> (eV, added to the energy) and <c>id</c>/<c>entry_id</c>. An energy column whose header says
/// per atom (<c>energy_per_atom</c>, <c>E (eV/atom)</c>) is multiplied by the number of atoms. Exact duplicate rows are dropped, as
/// pymatgen's EntrySet does (it is a set). Lines starting with '#' are comments.
/// </summary>
public static class EntryCsvReader
{
    public static EntrySet Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (IOException e) { throw new NitrolyteFormatException(path, $"cannot read: {e.Message}"); }
        return Parse(path, lines);
    }

    public static EntrySet Parse(string path, IReadOnlyList<string> lines)
    {
        int headerLine = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            var t = lines[i].Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            headerLine = i;
            break;
        }
        if (headerLine < 0) throw new NitrolyteFormatException(path, "empty file: expected a header such as Name,Li,Fe,O,Final energy");
        char delim = lines[headerLine].Contains(',') ? ',' : lines[headerLine].Contains('\t') ? '\t' : ';';
        var header = Split(lines[headerLine], delim);
        int nameCol = -1, energyCol = -1, corrCol = -1, idCol = -1;
        bool perAtom = false;
        var elementCols = new List<(int Col, string Symbol)>();
        for (int c = 0; c < header.Length; c++)
        {
            var h = header[c].Trim().Trim('"');
            var lower = h.ToLowerInvariant();
            if (Element.TryGet(h, out _)) elementCols.Add((c, h));
            else if (lower is "name" or "formula" or "composition") nameCol = c;
            else if (lower.Contains("correction")) corrCol = c;
            else if (lower is "id" or "entry_id" or "material_id") idCol = c;
            else if (lower.Contains("energy"))
            {
                energyCol = c;
                perAtom = lower.Replace(" ", "_").Contains("per_atom") || lower.Contains("/atom");
            }
            else throw new NitrolyteFormatException(path, $"column '{h}' is neither an element symbol nor Name/energy/correction/id", headerLine + 1);
        }
        if (energyCol < 0) throw new NitrolyteFormatException(path, "no energy column (expected a header like 'Final energy')", headerLine + 1);
        if (elementCols.Count == 0) throw new NitrolyteFormatException(path, "no element columns in the header (expected e.g. Name,Li,Fe,O,Final energy)", headerLine + 1);
        var entries = new List<Entry>();
        for (int i = headerLine + 1; i < lines.Count; i++)
        {
            var t = lines[i].Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            var cells = Split(lines[i], delim);
            if (cells.Length != header.Length)
                throw new NitrolyteFormatException(path, $"expected {header.Length} cells, found {cells.Length}", i + 1);
            var amounts = new List<KeyValuePair<string, double>>();
            foreach (var (col, sym) in elementCols)
            {
                double v = Number(path, cells[col], i + 1, sym);
                if (v < 0) throw new NitrolyteFormatException(path, $"negative amount {v} of {sym}", i + 1);
                if (v > 0) amounts.Add(new(sym, v));
            }
            if (amounts.Count == 0) throw new NitrolyteFormatException(path, "row has no atoms (every element amount is 0)", i + 1);
            double energy = Number(path, cells[energyCol], i + 1, header[energyCol].Trim());
            double corr = corrCol >= 0 && cells[corrCol].Trim().Length > 0 ? Number(path, cells[corrCol], i + 1, "correction") : 0;
            var comp = new Composition(amounts);
            if (perAtom) energy *= comp.TotalAtoms;
            var name = nameCol >= 0 && cells[nameCol].Trim().Length > 0 ? cells[nameCol].Trim().Trim('"') : comp.Formula;
            var id = idCol >= 0 ? cells[idCol].Trim().Trim('"') : null;
            entries.Add(new Entry(comp, energy, corr, name, string.IsNullOrEmpty(id) ? null : id,
                new Dictionary<string, string> { ["source"] = Path.GetFileName(path), ["line"] = (i + 1).ToString(CultureInfo.InvariantCulture) }));
        }
        if (entries.Count == 0) throw new NitrolyteFormatException(path, "no entries after the header");
        var (kept, dropped) = EntrySet.Deduplicate(entries);
        return new EntrySet(path, kept, dropped);
    }

    private static double Number(string path, string cell, int line, string what)
    {
        var s = cell.Trim().Trim('"');
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new NitrolyteFormatException(path, $"'{s}' in column {what} is not a number", line);
        return v;
    }

    private static string[] Split(string line, char delim)
    {
        // Minimal quoted-field support: commas inside "..." are kept.
        var cells = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool q = false;
        foreach (var ch in line)
        {
            if (ch == '"') { q = !q; continue; }
            if (ch == delim && !q) { cells.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(ch);
        }
        cells.Add(cur.ToString());
        return cells.ToArray();
    }
}
