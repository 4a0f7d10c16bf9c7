using System.CommandLine;
using System.Globalization;
using Nitrolyte.CellDesign;
using Nitrolyte.Core;

namespace Nitrolyte.Cli.Commands;

/// <summary>The options `cell energy|critical|sweep` share (the stack) and the parsers of the two `--layer` forms.</summary>
public static partial class CellCommand
{
    /// <summary>The options that define a stack (shared by energy, critical and sweep).</summary>
    private sealed class StackOptions
    {
        public readonly Option<double> Q = new("--areal-capacity-mah-cm2") { Description = "Cathode areal capacity Q, mAh/cm2 (default 4).", DefaultValueFactory = _ => 4.0 };
        public readonly Option<string> Cathode = new("--cathode") { Description = "Cathode preset: NCM811 (200 mAh/g, 3.75 V), NCM83, LCO (140, 3.9 V), LFP (170, 3.4 V). Default NCM811.", DefaultValueFactory = _ => "NCM811" };
        public readonly Option<double?> Capacity = new("--capacity-mah-g") { Description = "Override the cathode's specific capacity, mAh/g." };
        public readonly Option<double?> Voltage = new("--voltage-v") { Description = "Override the cathode's mean voltage, V." };
        public readonly Option<double?> CathodeDensity = new("--cathode-density-g-cm3") { Description = "Override the active material's density (for Wh/L), g/cm3." };
        public readonly Option<double> Active = new("--active-fraction") { Description = "Active material mass fraction of the cathode composite (default 0.9, the review's Fig. 17).", DefaultValueFactory = _ => 0.9 };
        public readonly Option<double> InactiveDensity = new("--inactive-density-g-cm3") { Description = "Density of the composite's inactive part (catholyte, carbon, binder), g/cm3 (default 2.0; Wh/L only).", DefaultValueFactory = _ => 2.0 };
        public readonly Option<double> Porosity = new("--cathode-porosity") { Description = "Porosity of the cathode composite (default 0; Wh/L only).", DefaultValueFactory = _ => 0.0 };
        public readonly Option<double> Np = new("--np") { Description = "N/P ratio: Li capacity / cathode capacity (default 1; 0 = anode-free).", DefaultValueFactory = _ => 1.0 };
        public readonly Option<double?> LiUm = new("--li-um") { Description = "Li foil thickness in um (instead of --np)." };
        public readonly Option<double> LiCapacity = new("--li-capacity-mah-g") { Description = "Li specific capacity, mAh/g (default 3860; the review uses 3500).", DefaultValueFactory = _ => 3860.0 };
        public readonly Option<string[]> Layers = new("--layer") { Description = "Electrolyte layer <material or density g/cm3>:<thickness_um>, cathode side first; repeat for several (e.g. --layer Li3InCl6:20 --layer Li3N:30). `cell materials` lists the names.", AllowMultipleArgumentsPerToken = false };
        public readonly Option<double> AlUm = new("--al-um") { Description = "Al collector thickness, um (default 8).", DefaultValueFactory = _ => 8.0 };
        public readonly Option<double> CuUm = new("--cu-um") { Description = "Cu collector thickness, um (default 4).", DefaultValueFactory = _ => 4.0 };
        public readonly Option<double> AlDensity = new("--al-density-g-cm3") { Description = "Al density (default 2.70).", DefaultValueFactory = _ => MaterialDensities.AluminiumGPerCm3 };
        public readonly Option<double> CuDensity = new("--cu-density-g-cm3") { Description = "Cu density (default 8.96; the review uses 8.9).", DefaultValueFactory = _ => MaterialDensities.CopperGPerCm3 };
        public readonly Option<bool> DoubleSided = new("--double-sided") { Description = "Double-sided collectors: each unit cell carries half of each foil." };
        public readonly Option<double> Packaging = new("--packaging-fraction") { Description = "Packaging mass as a fraction of the cell mass (default 0).", DefaultValueFactory = _ => 0.0 };

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Q, Cathode, Capacity, Voltage, CathodeDensity, Active, InactiveDensity, Porosity, Np, LiUm, LiCapacity, Layers, AlUm, CuUm, AlDensity, CuDensity, DoubleSided, Packaging })
                c.Add(o);
        }

        public CellStack Build(ParseResult p)
        {
            CathodeMaterial cathode;
            try { cathode = CathodeMaterial.FromName(p.GetValue(Cathode)!); }
            catch (NitrolyteInputException e) { throw new UsageException($"--cathode: {e.Message}"); }
            if (p.GetValue(Capacity) is { } cap) cathode = cathode with { SpecificCapacityMahPerG = cap };
            if (p.GetValue(Voltage) is { } v) cathode = cathode with { MeanVoltageV = v };
            if (p.GetValue(CathodeDensity) is { } d) cathode = cathode with { DensityGPerCm3 = d };
            if (p.GetValue(LiUm) is not null && p.GetResult(Np) is { Implicit: false })
                throw new UsageException("give either --np or --li-um, not both (the Li foil thickness sets the N/P ratio)");
            var stack = new CellStack
            {
                ArealCapacityMahPerCm2 = p.GetValue(Q),
                Cathode = cathode,
                ActiveFraction = p.GetValue(Active),
                CathodeInactiveDensityGPerCm3 = p.GetValue(InactiveDensity),
                CathodePorosity = p.GetValue(Porosity),
                Layers = (p.GetValue(Layers) ?? []).Select(ParseLayer).ToList(),
                NpRatio = p.GetValue(Np),
                LiThicknessUm = p.GetValue(LiUm),
                LiSpecificCapacityMahPerG = p.GetValue(LiCapacity),
                AlThicknessUm = p.GetValue(AlUm),
                CuThicknessUm = p.GetValue(CuUm),
                AlDensityGPerCm3 = p.GetValue(AlDensity),
                CuDensityGPerCm3 = p.GetValue(CuDensity),
                DoubleSided = p.GetValue(DoubleSided),
                PackagingMassFraction = p.GetValue(Packaging),
            };
            try { stack.Validate(); }
            catch (NitrolyteInputException e) { throw new UsageException(e.Message); }
            return stack;
        }
    }

    /// <summary>Parses "&lt;material or density&gt;:&lt;thickness_um&gt;".</summary>
    internal static ElectrolyteLayer ParseLayer(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length != 2 || parts[0].Trim().Length == 0)
            throw new UsageException($"--layer '{spec}': expected <material or density g/cm3>:<thickness_um>, e.g. Li3N:30 or 1.71:50");
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !(t >= 0) || !double.IsFinite(t))
            throw new UsageException($"--layer '{spec}': thickness '{parts[1]}' is not a non-negative number of um");
        var what = parts[0].Trim();
        if (double.TryParse(what, NumberStyles.Float, CultureInfo.InvariantCulture, out var rho))
        {
            if (!(rho > 0) || !double.IsFinite(rho)) throw new UsageException($"--layer '{spec}': density must be positive");
            return new ElectrolyteLayer($"{rho.ToString(CultureInfo.InvariantCulture)} g/cm3", rho, t);
        }
        var m = MaterialDensities.Find(what)
                ?? throw new UsageException($"--layer '{spec}': no density known for '{what}' (known: {string.Join(", ", MaterialDensities.All.Select(x => x.Name))}); give the density in g/cm3 instead, e.g. 1.5:{parts[1]}");
        return new ElectrolyteLayer(m.Name, m.DensityGPerCm3, t);
    }

    internal static ResistiveLayer ParseResistiveLayer(string spec)
    {
        var parts = spec.Split(':');
        if (parts.Length is < 2 or > 3)
            throw new UsageException($"--layer '{spec}': expected <sigma_s_per_cm>:<thickness_um>[:<name>], e.g. 4.3e-5:50:Li9N2Cl3");
        if (!double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !(s > 0) || !double.IsFinite(s))
            throw new UsageException($"--layer '{spec}': conductivity '{parts[0]}' is not a positive number of S/cm");
        if (!double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var t) || !(t > 0) || !double.IsFinite(t))
            throw new UsageException($"--layer '{spec}': thickness '{parts[1]}' is not a positive number of um");
        return new ResistiveLayer(parts.Length == 3 && parts[2].Trim().Length > 0 ? parts[2].Trim() : $"layer ({parts[0]} S/cm)", s, t);
    }
}
