using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.CellDesign;

/// <summary>A cathode active material: practical specific capacity, mean discharge voltage and crystal density.</summary>
public sealed record CathodeMaterial(string Name, double SpecificCapacityMahPerG, double MeanVoltageV, double DensityGPerCm3, string Source)
{
    /// <summary>LiNi0.8Mn0.1Co0.1O2, 200 mAh/g at 3.75 V (review seed 001, Fig. 17); density ~4.75 g/cm3 (layered oxide, crystallographic).</summary>
    public static readonly CathodeMaterial Ncm811 = new("NCM811", 200, 3.75, 4.75, "review seed 001 Fig. 17 (capacity, voltage); ~4.75 g/cm3 crystallographic density");
    /// <summary>LiNi0.83Co0.11Mn0.06O2 as cycled in seed 002 (1 C = 200 mA/g).</summary>
    public static readonly CathodeMaterial Ncm83 = new("NCM83", 200, 3.75, 4.75, "seed 002 (1 C = 200 mA/g); voltage and density as NCM811");
    public static readonly CathodeMaterial Lco = new("LCO", 140, 3.9, 5.05, "LiCoO2: 140 mAh/g (1 C = 140 mA/g, SCIENCE.md), 3.9 V, 5.05 g/cm3");
    public static readonly CathodeMaterial Lfp = new("LFP", 170, 3.4, 3.60, "LiFePO4: 170 mAh/g theoretical, 3.4 V, 3.6 g/cm3");

    public static IReadOnlyList<CathodeMaterial> Presets { get; } = [Ncm811, Ncm83, Lco, Lfp];

    /// <summary>A preset by name (NCM811/NMC811, NCM83, LCO/LiCoO2, LFP/LiFePO4), case-insensitive.</summary>
    public static CathodeMaterial FromName(string name)
    {
        var n = name.Trim().ToUpperInvariant().Replace("-", "").Replace("_", "");
        return n switch
        {
            "NCM811" or "NMC811" => Ncm811,
            "NCM83" or "NMC83" => Ncm83,
            "LCO" or "LICOO2" => Lco,
            "LFP" or "LIFEPO4" => Lfp,
            _ => throw new NitrolyteInputException($"unknown cathode preset '{name}' (known: {string.Join(", ", Presets.Select(p => p.Name))}; or set capacity and voltage explicitly)"),
        };
    }
}

/// <summary>One row of the bundled density table (Data/electrolyte_densities.csv).</summary>
public sealed record MaterialDensity(string Name, string Formula, double DensityGPerCm3, string Kind, IReadOnlyList<string> Aliases, string Source);

/// <summary>
/// Densities of common electrolytes (Li3N 1.27, Li3InCl6 2.59, LGPS 2.04 g/cm3 as in the review's Fig. 17; Li9N2Cl3,
/// Li2.5N0.5S0.5, Li2S, Li2NH from their unit cells; ...), each with its source, plus metal constants.
/// </summary>
public static class MaterialDensities
{
    public const double LithiumGPerCm3 = 0.534;
    public const double AluminiumGPerCm3 = 2.70;
    public const double CopperGPerCm3 = 8.96;
    /// <summary>Theoretical specific capacity of Li metal, mAh/g (F / M_Li / 3.6); the review's Fig. 17 uses 3500.</summary>
    public const double LithiumSpecificCapacityMahPerG = 3860;

    private static readonly Lazy<IReadOnlyList<MaterialDensity>> Table = new(Load);

    public static IReadOnlyList<MaterialDensity> All => Table.Value;

    /// <summary>Finds a material by name, alias (case-insensitive) or formula (same composition up to a factor).</summary>
    public static MaterialDensity? Find(string nameOrFormula)
    {
        var key = nameOrFormula.Trim();
        var hit = All.FirstOrDefault(m => string.Equals(m.Name, key, StringComparison.OrdinalIgnoreCase)
                                          || m.Aliases.Any(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)));
        if (hit is not null) return hit;
        if (!Chemistry.FormulaParser.TryParse(key, out var comp, out _) || comp is null || comp.TotalAtoms <= 0) return null;
        var f = comp.FractionalComposition();
        return All.FirstOrDefault(m => Chemistry.Composition.Parse(m.Formula).FractionalComposition().AlmostEquals(f, 1e-6));
    }

    public static MaterialDensity Get(string nameOrFormula) => Find(nameOrFormula)
        ?? throw new NitrolyteInputException($"no density known for '{nameOrFormula}' (known: {string.Join(", ", All.Select(m => m.Name))}); give the density in g/cm3 instead");

    private static IReadOnlyList<MaterialDensity> Load()
    {
        using var s = typeof(MaterialDensities).Assembly.GetManifestResourceStream("Nitrolyte.Data.electrolyte_densities.csv")
                      ?? throw new InvalidOperationException("embedded density table missing");
        using var r = new StreamReader(s);
        var list = new List<MaterialDensity>();
        string? line;
        bool header = true;
        while ((line = r.ReadLine()) is not null)
        {
            if (line.StartsWith('#') || line.Trim().Length == 0) continue;
            if (header) { header = false; continue; }
            var c = SplitCsv(line);
            list.Add(new MaterialDensity(c[0], c[1], double.Parse(c[2], CultureInfo.InvariantCulture), c[3],
                c[4].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), c[5]));
        }
        return list;
    }

    private static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        foreach (char ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        cells.Add(sb.ToString());
        return cells;
    }
}
