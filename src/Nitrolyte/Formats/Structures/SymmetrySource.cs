using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Structures;

/// <summary>The space-group operations and asymmetric unit that come with a structure source, for refining free coordinates.</summary>
public static class SymmetrySource
{
    /// <summary>
    /// The symmetry loop of a CIF file (by extension or a data_ block) or of a prototype's CIF; null for sources that
    /// carry none (POSCAR, pymatgen JSON, a CIF listed in P1): the refinement then derives them from the expanded structure.
    /// </summary>
    public static IReadOnlyList<SymmetryOperation>? For(string pathOrPrototype) =>
        CifText(pathOrPrototype) is { } t && CifReader.SymmetryOperations(t.Text, t.Name) is { Count: > 1 } ops ? ops : null;

    /// <summary>The atom-site rows of the CIF (label → fractional x, y, z as written): the representatives whose coordinates
    /// are refined and reported; null for other sources.</summary>
    public static IReadOnlyDictionary<string, double[]>? AsymmetricUnit(string pathOrPrototype)
    {
        if (CifText(pathOrPrototype) is not { } t) return null;
        var blocks = CifSyntax.Parse(t.Name, t.Text);
        var loop = blocks.Select(b => b.LoopWith("_atom_site_fract_x")).FirstOrDefault(l => l is not null);
        if (loop is null) return null;
        int il = loop.IndexOf("_atom_site_label"), ix = loop.IndexOf("_atom_site_fract_x"), iy = loop.IndexOf("_atom_site_fract_y"), iz = loop.IndexOf("_atom_site_fract_z");
        if (il < 0 || ix < 0 || iy < 0 || iz < 0) return null;
        var map = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var row in loop.Rows)
        {
            var v = new[] { ix, iy, iz }.Select(i => CifSyntax.ParseNumber(row[i], t.Name, loop.Tags[i])).ToArray();
            if (v.All(q => q is not null)) map.TryAdd(row[il].Text, v.Select(q => q!.Value).ToArray());
        }
        return map;
    }

    private static (string Text, string Name)? CifText(string pathOrPrototype)
    {
        if (!File.Exists(pathOrPrototype))
            return Prototypes.Find(pathOrPrototype) is { } p ? (p.CifText, $"prototype {p.Name}") : null;
        var ext = Path.GetExtension(pathOrPrototype).ToLowerInvariant();
        var text = File.ReadAllText(pathOrPrototype);
        bool cif = ext is ".cif" or ".mcif" || (ext is not ".json" && System.Text.RegularExpressions.Regex.IsMatch(text, @"(?im)^\s*data_"));
        return cif ? (text, pathOrPrototype) : null;
    }
}
