using System.Text.Json;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Structures;

/// <summary>
/// pymatgen Structure.as_dict() JSON (what Materials Project exports): lattice.matrix (rows = vectors, Å) and
/// sites with abc (fractional), species [{element, occu, oxidation_state?}] and label.
/// </summary>
public static class PymatgenJsonReader
{
    public static Structure Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public static Structure Parse(string text, string path = "<json>")
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new NitrolyteFormatException(path, $"not valid JSON: {e.Message.Split('.')[0]}", (e.LineNumber ?? 0) + 1); }
        using (doc)
        {
            var root = doc.RootElement;
            // Materials Project API responses wrap the structure: {"structure": {...}} or {"data": [{"structure": ...}]}
            if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("lattice", out _) && root.TryGetProperty("structure", out var inner)) root = inner;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("lattice", out var lat))
                throw new NitrolyteFormatException(path, "not a pymatgen structure: no \"lattice\" object");
            if (!lat.TryGetProperty("matrix", out var mat) || mat.ValueKind != JsonValueKind.Array || mat.GetArrayLength() != 3)
                throw new NitrolyteFormatException(path, "lattice has no 3x3 \"matrix\"");
            var m = new double[3, 3];
            for (int i = 0; i < 3; i++)
            {
                var row = mat[i];
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 3) throw new NitrolyteFormatException(path, $"lattice matrix row {i + 1} is not three numbers");
                for (int j = 0; j < 3; j++) m[i, j] = row[j].GetDouble();
            }
            Lattice lattice;
            try { lattice = new Lattice(m); }
            catch (NitrolyteInputException e) { throw new NitrolyteFormatException(path, e.Message); }
            if (!root.TryGetProperty("sites", out var sitesEl) || sitesEl.ValueKind != JsonValueKind.Array)
                throw new NitrolyteFormatException(path, "no \"sites\" array");
            var sites = new List<Site>();
            int n = 0;
            foreach (var s in sitesEl.EnumerateArray())
            {
                n++;
                double[] abc;
                if (s.TryGetProperty("abc", out var abcEl)) abc = abcEl.EnumerateArray().Select(x => x.GetDouble()).ToArray();
                else if (s.TryGetProperty("xyz", out var xyzEl))
                {
                    var xyz = xyzEl.EnumerateArray().Select(x => x.GetDouble()).ToArray();
                    if (xyz.Length != 3) throw new NitrolyteFormatException(path, $"site {n}: xyz is not three numbers");
                    var f = lattice.ToFractional(xyz[0], xyz[1], xyz[2]);
                    abc = [f.A, f.B, f.C];
                }
                else throw new NitrolyteFormatException(path, $"site {n}: no abc or xyz coordinates");
                if (abc.Length != 3) throw new NitrolyteFormatException(path, $"site {n}: abc is not three numbers");
                if (!s.TryGetProperty("species", out var spEl) || spEl.ValueKind != JsonValueKind.Array)
                    throw new NitrolyteFormatException(path, $"site {n}: no species list");
                var species = new List<SiteSpecies>();
                foreach (var sp in spEl.EnumerateArray())
                {
                    var el = sp.TryGetProperty("element", out var e) ? e.GetString() ?? "" : "";
                    var parsed = SpeciesSymbol.TryParse(el);
                    if (parsed is null || el.Length == 0) throw new NitrolyteFormatException(path, $"site {n}: unknown element '{el}'");
                    double occ = sp.TryGetProperty("occu", out var o) ? o.GetDouble() : 1;
                    double? ox = sp.TryGetProperty("oxidation_state", out var oxEl) && oxEl.ValueKind == JsonValueKind.Number ? oxEl.GetDouble() : parsed.Value.Oxidation;
                    species.Add(new SiteSpecies(parsed.Value.Element, occ, ox));
                }
                var total = species.Sum(x => x.Occupancy);
                if (total > 1 + CifReader.OccupancyTolerance) throw new NitrolyteFormatException(path, $"site {n}: occupancies add up to {total} > 1");
                var label = s.TryGetProperty("label", out var lb) && lb.ValueKind == JsonValueKind.String ? lb.GetString()! : species[0].Element;
                sites.Add(new Site(label, abc[0], abc[1], abc[2], species));
            }
            if (sites.Count == 0) throw new NitrolyteFormatException(path, "structure has no sites");
            return new Structure(lattice, sites) { Title = Path.GetFileNameWithoutExtension(path) };
        }
    }
}

/// <summary>Reads any supported structure file: CIF, POSCAR/CONTCAR (any name, .vasp, .poscar), pymatgen JSON; by extension, else by content.</summary>
public static class StructureReader
{
    public static Structure Read(string path) => RequireFinite(ReadAny(path), path);

    /// <summary>Non-finite numbers are refused in every reader: a lattice, coordinate or occupancy of NaN or ∞ (e.g. '1e999').</summary>
    public static Structure RequireFinite(Structure s, string path)
    {
        foreach (var v in s.Lattice.Matrix)
            if (!double.IsFinite(v)) throw new NitrolyteFormatException(path, "the lattice holds a number that is not finite (NaN or ∞)");
        foreach (var site in s.Sites)
        {
            if (!double.IsFinite(site.FracA) || !double.IsFinite(site.FracB) || !double.IsFinite(site.FracC))
                throw new NitrolyteFormatException(path, $"site {site.Label}: a coordinate is not a finite number (NaN or ∞)");
            if (site.Species.Any(x => !double.IsFinite(x.Occupancy) || x.OxidationState is { } q && !double.IsFinite(q)))
                throw new NitrolyteFormatException(path, $"site {site.Label}: an occupancy or oxidation state is not a finite number");
        }
        return s;
    }

    private static Structure ReadAny(string path)
    {
        if (Directory.Exists(path)) throw new NitrolyteFormatException(path, "is a folder, not a structure file");
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        if (LooksBinary(path, out var offset))
            throw new NitrolyteFormatException(path, "binary file, not a structure (expected CIF, POSCAR/CONTCAR or pymatgen JSON text)", byteOffset: offset);
        var name = Path.GetFileName(path).ToLowerInvariant();
        var ext = Path.GetExtension(name);
        if (ext == ".cif" || ext == ".mcif") return CifReader.Read(path);
        if (ext == ".json") return PymatgenJsonReader.Read(path);
        if (ext is ".vasp" or ".poscar" or ".contcar" || name.StartsWith("poscar") || name.StartsWith("contcar")) return PoscarReader.Read(path);
        var text = File.ReadAllText(path);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{')) return PymatgenJsonReader.Parse(text, path);
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"(?im)^\s*data_")) return CifReader.Read(path);
        try
        {
            return PoscarReader.Parse(text, path);
        }
        catch (NitrolyteFormatException e) when (e.Line is <= 2)
        {
            // No extension to go by, and the first lines are not a POSCAR header either: say what was tried.
            throw new NitrolyteFormatException(path, $"not a recognised structure file (no data_ block for CIF, no '{{' for pymatgen JSON, and as POSCAR: {e.Problem})", e.Line, inner: e);
        }
    }

    /// <summary>True when the first 8 KB hold a NUL byte or mostly control characters (images, archives,
    /// random data). Latin-1 or UTF-8 text with accented names is still text.</summary>
    internal static bool LooksBinary(string path, out long offset)
    {
        offset = 0;
        var buf = new byte[8192];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false);
        int nul = Array.IndexOf(buf, (byte)0, 0, n);
        if (nul >= 0) { offset = nul; return true; }
        int control = 0, first = -1;
        for (int i = 0; i < n; i++)
            if (buf[i] < 0x20 && buf[i] is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C)) { control++; if (first < 0) first = i; }
        offset = Math.Max(first, 0);
        return n > 0 && control > n / 20;
    }
}
