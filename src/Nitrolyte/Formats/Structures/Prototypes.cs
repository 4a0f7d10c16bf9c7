using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Structures;

/// <summary>A prototype structure shipped with Nitrolyte (src/Nitrolyte/Data/prototypes/*.cif) with where its numbers come from.</summary>
public sealed record PrototypeInfo(string Name, string Description, string CifText);

/// <summary>
/// Prototype structures of the seed papers (embedded CIF files, so they are read on the reader side: Structures does not
/// depend on Formats), built from SCIENCE.md facts (bench/scripts/make_prototypes.py wrote
/// the CIFs): Li2S (a = 5.719 and 5.554 Å), vacancy-rich Li9N2Cl3, Li2.5N0.5S0.5 (24e Li), α- and β-Li3N, Li2O, LiCl.
/// </summary>
public static class Prototypes
{
    private const string Prefix = "Nitrolyte.Data.prototypes";
    private static readonly Lazy<IReadOnlyList<PrototypeInfo>> List = new(Load);

    public static IReadOnlyList<PrototypeInfo> All => List.Value;
    public static IEnumerable<string> Names => All.Select(p => p.Name);

    /// <summary>The prototype with this name (case-insensitive; "Li3N" means alpha-Li3N).</summary>
    public static Structure Get(string name)
    {
        var info = Find(name) ?? throw new Core.NitrolyteInputException($"no prototype '{name}'; known: {string.Join(", ", Names)}");
        return CifReader.Parse(info.CifText, $"prototype {info.Name}");
    }

    public static PrototypeInfo? Find(string name)
    {
        if (name.Equals("Li3N", StringComparison.OrdinalIgnoreCase)) name = "alpha-Li3N";
        return All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    private static IReadOnlyList<PrototypeInfo> Load()
    {
        var asm = typeof(Prototypes).Assembly;
        var list = new List<PrototypeInfo>();
        foreach (var res in asm.GetManifestResourceNames().Where(r => r.StartsWith(Prefix) && r.EndsWith(".cif")).Order(StringComparer.Ordinal))
        {
            using var stream = asm.GetManifestResourceStream(res)!;
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var name = res[(Prefix.Length + 1)..^4];
            var first = text.Split('\n')[0];
            var desc = first.StartsWith("# Nitrolyte prototype:") ? first["# Nitrolyte prototype:".Length..].Trim() : name;
            list.Add(new PrototypeInfo(name, desc, text));
        }
        string[] order = ["Li9N2Cl3", "Li2.5N0.5S0.5", "Li2S", "Li2S_a5.554", "alpha-Li3N", "beta-Li3N", "Li2O", "LiCl"];
        return list.OrderBy(p => Array.IndexOf(order, p.Name) is var i && i < 0 ? 99 : i).ToList();
    }
}
