using Nitrolyte.CellDesign;
using Spectre.Console;

namespace Nitrolyte.Cli.Printing;

/// <summary>The human (table) output of `cell energy|sweep|polarisation|materials` (their JSON is Reports/Json/CellDesignJson).</summary>
internal static class CellPrinter
{
    public static void Energy(CellStack stack, CellEnergy e)
    {
        AnsiConsole.WriteLine($"{e.GravimetricWhPerKg:0.0} Wh/kg, {e.VolumetricWhPerL:0} Wh/L  ({e.EnergyMWhPerCm2:0.###} mWh/cm2 = {stack.ArealCapacityMahPerCm2:0.###} mAh/cm2 x {stack.Cathode.MeanVoltageV:0.###} V; " +
                              $"{stack.Cathode.Name} {stack.Cathode.SpecificCapacityMahPerG:0.#} mAh/g; N/P {e.NpRatio:0.###}; {(stack.DoubleSided ? "double" : "single")}-sided collectors)");
        var t = new Table().AddColumn("component").AddColumn("mass (mg/cm2)", c => c.RightAligned()).AddColumn("mass %", c => c.RightAligned()).AddColumn("thickness (um)", c => c.RightAligned());
        foreach (var c in e.Components)
            t.AddEscapedRow(c.Name, $"{c.MassMgPerCm2:0.000}", $"{c.MassMgPerCm2 / e.TotalMassMgPerCm2 * 100:0.0}", $"{c.ThicknessUm:0.0}");
        t.AddEscapedRow("total", $"{e.TotalMassMgPerCm2:0.000}", "100.0", $"{e.TotalThicknessUm:0.0}");
        AnsiConsole.Write(t);
    }

    public static void Sweep(StackParameter param, double[] xs, double[] grav, double[] vol)
    {
        var t = new Table().AddColumn($"{StackParameters.CliName(param)} ({StackParameters.Unit(param)})").AddColumn("Wh/kg", c => c.RightAligned()).AddColumn("Wh/L", c => c.RightAligned());
        for (int i = 0; i < xs.Length; i++) t.AddEscapedRow($"{xs[i]:0.####}", $"{grav[i]:0.0}", $"{vol[i]:0}");
        AnsiConsole.Write(t);
    }

    public static void Polarisation(Polarisation pol, double areaCm2, RateLimit? lim, IReadOnlyList<RequiredConductivity>? req, double chargeTimeMin)
    {
        var t = new Table().AddColumn("layer").AddColumn("σ (S/cm)", c => c.RightAligned()).AddColumn("thickness (um)", c => c.RightAligned())
            .AddColumn("R (Ohm)", c => c.RightAligned()).AddColumn("ASR (Ohm cm2)", c => c.RightAligned()).AddColumn("η (V)", c => c.RightAligned());
        foreach (var l in pol.Layers) t.AddEscapedRow(l.Name, $"{l.SigmaSPerCm:0.###e+0}", $"{l.ThicknessUm:0.#}", $"{l.ResistanceOhm:0.0}", $"{l.AsrOhmCm2:0.00}", $"{l.OverpotentialV:0.0000}");
        if (pol.InterfaceAsrOhmCm2 > 0) t.AddEscapedRow("interfaces", "", "", $"{pol.InterfaceAsrOhmCm2 / areaCm2:0.0}", $"{pol.InterfaceAsrOhmCm2:0.00}", $"{pol.CurrentDensityMaPerCm2 * 1e-3 * pol.InterfaceAsrOhmCm2:0.0000}");
        t.AddEscapedRow("total", "", $"{pol.Layers.Sum(l => l.ThicknessUm):0.#}", $"{pol.ResistanceOhm:0.0}", $"{pol.AsrOhmCm2:0.00}", $"{pol.OverpotentialV:0.0000}");
        AnsiConsole.Write(t);
        AnsiConsole.WriteLine($"At {pol.CurrentDensityMaPerCm2:0.###} mA/cm2 on {areaCm2:0.###} cm2 ({pol.CurrentMa:0.###} mA): ohmic overpotential {pol.OverpotentialV:0.0000} V.");
        if (lim is not null)
            AnsiConsole.WriteLine($"With at most {lim.AllowedPolarisationV:0.###} V ohmic drop and {lim.ArealCapacityMahPerCm2:0.###} mAh/cm2: max {lim.MaxCurrentDensityMaPerCm2:0.###} mA/cm2 = {lim.MaxCRate:0.###} C, shortest charge {lim.MinimumChargeTimeMin:0.#} min.");
        if (req is not null)
            foreach (var r in req)
                AnsiConsole.WriteLine($"For a {chargeTimeMin:0.#}-min charge, {r.Name} ({r.ThicknessUm:0.#} um) {(r.Name.StartsWith("all layers", StringComparison.Ordinal) ? "need" : "needs")} σ ≥ {(r.SigmaSPerCm is { } s ? $"{s:0.###e+0} S/cm" : "n/a")} ({r.Note}).");
    }

    public static void Materials()
    {
        var t = new Table().AddColumn("electrolyte").AddColumn("formula").AddColumn("ρ (g/cm3)", c => c.RightAligned()).AddColumn("kind").AddColumn("source");
        foreach (var m in MaterialDensities.All) t.AddEscapedRow(m.Name + (m.Aliases.Count > 0 ? $" ({string.Join(", ", m.Aliases)})" : ""), m.Formula, $"{m.DensityGPerCm3:0.00}", m.Kind, m.Source);
        AnsiConsole.Write(t);
        var c2 = new Table().AddColumn("cathode").AddColumn("mAh/g", c => c.RightAligned()).AddColumn("V", c => c.RightAligned()).AddColumn("ρ (g/cm3)", c => c.RightAligned()).AddColumn("source");
        foreach (var c in CathodeMaterial.Presets) c2.AddEscapedRow(c.Name, $"{c.SpecificCapacityMahPerG:0}", $"{c.MeanVoltageV:0.00}", $"{c.DensityGPerCm3:0.00}", c.Source);
        AnsiConsole.Write(c2);
    }
}
