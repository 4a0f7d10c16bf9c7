using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.CellDesign;
using Nitrolyte.Core;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// What the material allows at cell level (issue 9): the energy density of the reference cell (<see cref="StandardCell"/>,
/// overridable by the manifest's <c>cell:</c> section) with the material as a practical-thickness separator, and the
/// shortest charge the measured conductivity allows (the best σ(25 °C) published by earlier steps), with the plots of
/// the review's Fig. 17 (energy density vs electrolyte thickness, N/P and areal capacity, next to Li3N, Li3InCl6 and LGPS)
/// and the ohmic overpotential vs current density. Publishes <see cref="MetricKeys.EnergyDensity"/> and
/// <see cref="MetricKeys.MinimumChargeTime"/>.
/// <para>Manifest keys (all optional) under <c>cell:</c>: cathode, areal_capacity_mah_cm2, active_fraction, np, li_um,
/// li_capacity_mah_g, electrolyte_thickness_um, electrolyte_density_g_cm3, sigma_s_per_cm (overrides the measured one),
/// al_um, cu_um, double_sided, packaging_fraction, allowed_polarisation_v, interface_asr_ohm_cm2, target_charge_time_min,
/// target_wh_per_kg, cathode_side_layers: [{material or density_g_cm3, thickness_um, sigma_s_per_cm}].</para>
/// </summary>
public sealed class CellDesignStep : IMaterialStep
{
    public string Key => "cell_design";

    private static readonly (string Name, string Color)[] References = [("Li3N", "#2ca02c"), ("Li3InCl6", "#9467bd"), ("LGPS", "#ff7f0e")];
    private const string MaterialColor = "#d62728";

    public StepOutcome? Run(EvaluationContext context)
    {
        var m = context.Manifest;
        var opt = CellDesignStepOptions.Parse(m);
        var std = opt.Cell;
        string? interfaceSource = std.InterfaceAsrOhmCm2 > 0 ? "manifest (cell.interface_asr_ohm_cm2)" : null;
        if (!opt.InterfaceAsrGiven && context.Metrics.Min(MetricKeys.InterfaceAsr) is { } ia)
        {
            // one Li|electrolyte interface, the best (lowest) one measured
            std = std with { InterfaceAsrOhmCm2 = ia.Value };
            interfaceSource = $"best measured Li|electrolyte interface ASR: {ia.Source}";
        }

        // density: manifest, else the bundled table by formula or name
        double? density = opt.ElectrolyteDensityGPerCm3;
        string densitySource = "manifest (cell.electrolyte_density_g_cm3)";
        if (density is null)
        {
            var hit = (m.Formula is { } f ? MaterialDensities.Find(f) : null) ?? MaterialDensities.Find(m.Material);
            if (hit is not null) { density = hit.DensityGPerCm3; densitySource = $"density table: {hit.Name}, {hit.Source}"; }
        }
        // conductivity: manifest override, else the best measured sigma(25 C)
        double? sigma = opt.SigmaSPerCm;
        string sigmaSource = "manifest (cell.sigma_s_per_cm)";
        if (sigma is null && context.Metrics.Max(MetricKeys.Sigma25C) is { } best)
        {
            sigma = best.Value;
            sigmaSource = $"best measured σ(25 °C): {best.Source}{(best.Note is null ? "" : $" ({best.Note})")}";
        }
        if (!opt.Given && density is null && sigma is null) return null;

        var section = new ReportSection { Key = Key, Title = "Cell design: energy density and charge-rate limit" };
        var results = new JsonObject();
        var outcome = new StepOutcome { Results = results, Section = section };
        string name = m.Material;
        double t = std.ElectrolyteThicknessUm;

        results["standard_cell"] = StandardCellJson(std);
        results["electrolyte"] = new JsonObject
        {
            ["name"] = name, ["density_g_per_cm3"] = density, ["density_source"] = density is null ? null : densitySource,
            ["thickness_um"] = t, ["sigma_25c_s_per_cm"] = sigma, ["sigma_source"] = sigma is null ? null : sigmaSource,
        };
        section.Paragraphs.Add(
            $"Reference cell: Al {Fmt(std.AlThicknessUm)} µm | {std.Cathode.Name} ({Fmt(std.Cathode.SpecificCapacityMahPerG)} mAh/g, {Fmt(std.Cathode.MeanVoltageV)} V, " +
            $"{Fmt(std.ActiveFraction * 100)} wt % active, {Fmt(std.ArealCapacityMahPerCm2)} mAh/cm²) | " +
            string.Concat(std.CathodeSideLayers.Select(l => $"{l.Name} {Fmt(l.ThicknessUm)} µm | ")) +
            $"{name} {Fmt(t)} µm | Li ({(std.LiThicknessUm is { } lu ? $"{Fmt(lu)} µm" : $"N/P {Fmt(std.NpRatio)}")}) | Cu {Fmt(std.CuThicknessUm)} µm" +
            $"{(std.DoubleSided ? ", double-sided collectors" : "")}{(std.PackagingMassFraction > 0 ? $", packaging {Fmt(std.PackagingMassFraction * 100)} % of mass" : "")}. " +
            (!opt.Given ? "Defaults of Nitrolyte's standard cell (the manifest has no cell: section); see docs/cell-design.md." : "From the manifest's cell: section, defaults elsewhere."));

        var rows = new List<IReadOnlyList<string>>();
        if (density is { } rho)
        {
            var stack = std.Stack(name, rho);
            var e = CellEnergyModel.Evaluate(stack);
            var crit = CriticalParameterSolver.Solve(stack, StackParameter.LayerThickness, std.TargetWhPerKg, EnergyMetric.Gravimetric, std.MaterialLayerIndex);
            results["gravimetric_wh_per_kg"] = Json.Number(e.GravimetricWhPerKg);
            results["volumetric_wh_per_l"] = Json.Number(e.VolumetricWhPerL);
            results["mass_mg_per_cm2"] = new JsonObject(e.Components.Select(c => new KeyValuePair<string, JsonNode?>(c.Key, Json.Number(c.MassMgPerCm2))));
            results["thickness_um"] = new JsonObject(e.Components.Where(c => c.Key != "packaging").Select(c => new KeyValuePair<string, JsonNode?>(c.Key, Json.Number(c.ThicknessUm))));
            results["critical_thickness_um"] = crit.Value is { } cv ? Json.Number(cv) : null;
            results["critical_thickness_note"] = crit.Message;
            rows.Add(["density", $"{rho:0.00} g/cm³ ({densitySource})"]);
            rows.Add([$"energy density at {Fmt(t)} µm", $"{e.GravimetricWhPerKg:0} Wh/kg, {e.VolumetricWhPerL:0} Wh/L"]);
            rows.Add([$"thickest {name} layer for {Fmt(std.TargetWhPerKg)} Wh/kg", crit.Value is { } v ? $"{v:0.0} µm" : crit.Message]);
            rows.Add(["electrolyte share of the cell mass", $"{e.Components.Where(c => c.Key.StartsWith("electrolyte_")).Sum(c => c.MassMgPerCm2) / e.TotalMassMgPerCm2 * 100:0.0} %"]);
            outcome.Metrics.Add(new MetricValue(MetricKeys.EnergyDensity, e.GravimetricWhPerKg, "Wh/kg", $"reference cell, {name} {Fmt(t)} µm",
                $"{std.Cathode.Name} {Fmt(std.ArealCapacityMahPerCm2)} mAh/cm², N/P {Fmt(std.NpRatio)}; ρ = {rho:0.00} g/cm³"));
            section.Figures.Add(Panel(std, name, rho, StackParameter.LayerThickness, CellSweeps.Linspace(0, 200, 81), "Electrolyte thickness (µm)",
                "Energy density vs electrolyte thickness", $"Review Fig. 17C/F view: only the Li-side electrolyte layer varies; dotted: {Fmt(std.TargetWhPerKg)} Wh/kg."));
            section.Figures.Add(Panel(std, name, rho, StackParameter.NpRatio, CellSweeps.Linspace(0, 10, 81), "N/P ratio",
                "Energy density vs N/P ratio", $"Review Fig. 17D/G view, electrolyte {Fmt(t)} µm; N/P 0 = anode-free."));
            section.Figures.Add(Panel(std, name, rho, StackParameter.ArealCapacity, CellSweeps.Linspace(0.5, 12, 93), "Areal capacity (mAh/cm²)",
                "Energy density vs areal capacity", $"Electrolyte {Fmt(t)} µm for every material; the cathode loading grows with the areal capacity."));
        }
        else
        {
            section.Warnings.Add($"No density known for {name} (formula {m.Formula ?? "not given"}): energy density not computed. " +
                                 "Give cell: electrolyte_density_g_cm3 in the manifest (`nitrolyte cell materials` lists the bundled densities).");
        }

        if (sigma is { } s)
        {
            double asr = std.AsrOhmCm2(s);
            var lim = StackResistance.Limit(asr, std.ArealCapacityMahPerCm2, std.AllowedPolarisationV);
            var req = StackResistance.Required(
                std.CathodeSideLayers.Select(l => (l.Name, l.ThicknessUm, l.SigmaSPerCm)).Append((name, t, (double?)s)).ToList(),
                std.ArealCapacityMahPerCm2, std.TargetChargeTimeMin, std.AllowedPolarisationV, std.InterfaceAsrOhmCm2);
            var need = req[std.CathodeSideLayers.Count];
            results["asr_ohm_cm2"] = Json.Number(asr);
            results["allowed_polarisation_v"] = std.AllowedPolarisationV;
            results["max_current_density_ma_per_cm2"] = Json.Number(lim.MaxCurrentDensityMaPerCm2);
            results["max_c_rate"] = Json.Number(lim.MaxCRate);
            results["minimum_charge_time_min"] = Json.Number(lim.MinimumChargeTimeMin);
            results["required_sigma_s_per_cm"] = need.SigmaSPerCm is { } ns ? Json.Number(ns) : null;
            results["required_sigma_for_min"] = std.TargetChargeTimeMin;
            results["charge_time_definition"] = ChargeTimeDefinition(std);
            rows.Add(["σ(25 °C) used", $"{s:0.00e+0} S/cm ({sigmaSource})"]);
            rows.Add([$"ASR of the electrolyte{(std.InterfaceAsrOhmCm2 > 0 ? " + interfaces" : "")}", $"{asr:0.00} Ω cm²" +
                      (interfaceSource is null ? "" : $" (interfaces {std.InterfaceAsrOhmCm2:0.##} Ω cm², {interfaceSource})")]);
            results["interface_asr_ohm_cm2"] = std.InterfaceAsrOhmCm2;
            results["interface_asr_source"] = interfaceSource;
            rows.Add([$"max current for ≤ {Fmt(std.AllowedPolarisationV)} V ohmic drop", $"{lim.MaxCurrentDensityMaPerCm2:0.###} mA/cm² = {lim.MaxCRate:0.###} C"]);
            rows.Add(["shortest charge allowed by the electrolyte", $"{lim.MinimumChargeTimeMin:0.#} min"]);
            rows.Add([$"σ needed for a {Fmt(std.TargetChargeTimeMin)}-min charge at {Fmt(t)} µm", need.SigmaSPerCm is { } nsv ? $"{nsv:0.00e+0} S/cm" : need.Note]);
            outcome.Metrics.Add(new MetricValue(MetricKeys.MinimumChargeTime, lim.MinimumChargeTimeMin, "min", $"reference cell, {name} {Fmt(t)} µm",
                $"ohmic drop ≤ {Fmt(std.AllowedPolarisationV)} V at {Fmt(std.ArealCapacityMahPerCm2)} mAh/cm², σ = {s:0.00e+0} S/cm"));
            section.Figures.Add(OverpotentialPlot(std, name, s));
            section.Paragraphs.Add(ChargeTimeDefinition(std));
            // The energy density and the charge time both depend on the thickness: judge the energy density at the
            // thickest layer that still charges in the target time (thinner layers only gain energy density).
            double? lMax = need.SigmaSPerCm is { } sreq && sreq > 0 ? t * s / sreq : null;
            results["charge_limited_thickness_um"] = lMax is { } lm ? Json.Number(lm) : 0.0;
            outcome.Metrics.Add(new MetricValue(MetricKeys.ChargeLimitedThickness, lMax ?? 0, "um", $"reference cell, σ = {s:0.00e+0} S/cm",
                lMax is null ? $"no thickness charges {Fmt(std.ArealCapacityMahPerCm2)} mAh/cm² in {Fmt(std.TargetChargeTimeMin)} min: {need.Note}"
                             : $"thickest {name} layer that charges {Fmt(std.ArealCapacityMahPerCm2)} mAh/cm² in {Fmt(std.TargetChargeTimeMin)} min"));
            if (density is { } rho2)
            {
                double lJudge = Math.Min(t, lMax ?? 0);
                if (lJudge >= Targets.MinimumPracticalLayerUm)
                {
                    var ej = CellEnergyModel.Evaluate(std.Stack(name, rho2, lJudge));
                    results["energy_density_at_charge_limited_thickness_wh_per_kg"] = Json.Number(ej.GravimetricWhPerKg);
                    outcome.Metrics.Add(new MetricValue(MetricKeys.EnergyDensityAtChargeTime, ej.GravimetricWhPerKg, "Wh/kg", $"reference cell, {name} {lJudge:0.##} µm",
                        lJudge < t ? $"at {lJudge:0.##} µm, the thickest layer that charges in {Fmt(std.TargetChargeTimeMin)} min at σ = {s:0.00e+0} S/cm (the {Fmt(t)} µm reference layer needs {lim.MinimumChargeTimeMin:0.#} min)"
                                   : $"at the {Fmt(t)} µm reference layer, which charges in {lim.MinimumChargeTimeMin:0.#} min ≤ {Fmt(std.TargetChargeTimeMin)} min"));
                }
            }
        }
        else
        {
            section.Warnings.Add("No ionic conductivity measured (no σ(25 °C) from the analyses, no cell.sigma_s_per_cm): the charge-rate limit is not computed.");
        }
        section.Tables.Add(new ReportTable("Cell-level figures of merit", ["quantity", "value"], rows));
        return outcome;
    }

    private static string ChargeTimeDefinition(StandardCell std) =>
        $"Charge time allowed by the electrolyte: the shortest constant-current charge of {Fmt(std.ArealCapacityMahPerCm2)} mAh/cm² during which the ohmic drop " +
        $"j × ASR across the electrolyte{(std.InterfaceAsrOhmCm2 > 0 ? " and interfaces" : "")} stays ≤ {Fmt(std.AllowedPolarisationV)} V: t = 60 min × Q × ASR / η_max. " +
        "It ignores cathode kinetics, so it is a lower bound set by the separator alone.";

    private static PlotFigure Panel(StandardCell std, string name, double rho, StackParameter p, double[] xs, string xTitle, string title, string caption)
    {
        var fig = new PlotFigure { Title = title, XTitle = xTitle, YTitle = "Gravimetric energy density (Wh/kg)", Caption = caption };
        var all = new List<(string Label, double Rho, string Color)> { ($"{name} ({rho:0.00} g/cm³)", rho, MaterialColor) };
        var self = MaterialDensities.Find(name);
        foreach (var (refName, color) in References)
        {
            var d = MaterialDensities.Get(refName);
            if (self is not null && self.Name == d.Name) continue; // the material is itself a reference
            all.Add(($"{d.Name} ({d.DensityGPerCm3:0.00} g/cm³)", d.DensityGPerCm3, color));
        }
        foreach (var (label, r, color) in all)
        {
            var stack = std.Stack(label, r);
            var ys = CellSweeps.Sweep(stack, p, xs, EnergyMetric.Gravimetric, std.MaterialLayerIndex);
            fig.Add(PlotFigure.Line(label, xs, ys, label.StartsWith(name) ? "solid" : "dash", color));
        }
        fig.Add(PlotFigure.Line($"{Fmt(std.TargetWhPerKg)} Wh/kg", [xs[0], xs[^1]], [std.TargetWhPerKg, std.TargetWhPerKg], "dot", "#7f7f7f"));
        if (p == StackParameter.LayerThickness)
        {
            var e = CellEnergyModel.Evaluate(std.Stack(name, rho)).GravimetricWhPerKg;
            fig.Add(PlotFigure.Markers($"{name} at {Fmt(std.ElectrolyteThicknessUm)} µm", [std.ElectrolyteThicknessUm], [e], color: MaterialColor));
        }
        return fig;
    }

    private static PlotFigure OverpotentialPlot(StandardCell std, string name, double sigma)
    {
        double q = std.ArealCapacityMahPerCm2;
        double jTarget = q * 60 / std.TargetChargeTimeMin;     // mA/cm2 for the target charge time
        double jMax = Math.Max(2 * jTarget, 20);
        var js = Enumerable.Range(0, 61).Select(i => 0.01 * Math.Pow(jMax / 0.01, i / 60.0)).ToArray();
        var fig = new PlotFigure
        {
            Title = "Ohmic overpotential vs current density", XTitle = "Current density (mA/cm²)", YTitle = "Ohmic overpotential (V)", LogX = true, LogY = true,
            Caption = $"η = j × ASR for {name} at σ = {sigma:0.00e+0} S/cm, layers of several thicknesses{(std.InterfaceAsrOhmCm2 > 0 ? ", interfaces included" : "")} (log-log); " +
                      $"dotted: the allowed {Fmt(std.AllowedPolarisationV)} V; the vertical line marks the current of a {Fmt(std.TargetChargeTimeMin)}-min charge of {Fmt(q)} mAh/cm².",
        };
        var thicknesses = new[] { 20.0, std.ElectrolyteThicknessUm, 100.0, 500.0 }.Distinct().OrderBy(x => x).ToArray();
        string[] palette = ["#1f77b4", MaterialColor, "#2ca02c", "#8c564b"];
        double yTop = 0, yBottom = double.PositiveInfinity;
        for (int i = 0; i < thicknesses.Length; i++)
        {
            double asr = std.AsrOhmCm2(sigma, thicknesses[i]);
            var ys = js.Select(j => j * 1e-3 * asr).ToArray();
            yTop = Math.Max(yTop, ys[^1]);
            yBottom = Math.Min(yBottom, ys[0]);
            fig.Add(PlotFigure.Line($"{Fmt(thicknesses[i])} µm (ASR {asr:0.##} Ω cm²)", js, ys, thicknesses[i] == std.ElectrolyteThicknessUm ? "solid" : "dash", palette[i % palette.Length]));
        }
        fig.Add(PlotFigure.Line($"allowed {Fmt(std.AllowedPolarisationV)} V", [js[0], jMax], [std.AllowedPolarisationV, std.AllowedPolarisationV], "dot", "#7f7f7f"));
        fig.Add(PlotFigure.Line($"{Fmt(std.TargetChargeTimeMin)}-min charge ({jTarget:0.##} mA/cm²)", [jTarget, jTarget], [Math.Min(yBottom, std.AllowedPolarisationV), Math.Max(yTop, std.AllowedPolarisationV)], "dot", "#000000"));
        return fig;
    }

    private static JsonObject StandardCellJson(StandardCell s) => new()
    {
        ["cathode"] = s.Cathode.Name,
        ["cathode_capacity_mah_per_g"] = s.Cathode.SpecificCapacityMahPerG,
        ["cathode_voltage_v"] = s.Cathode.MeanVoltageV,
        ["areal_capacity_mah_per_cm2"] = s.ArealCapacityMahPerCm2,
        ["active_fraction"] = s.ActiveFraction,
        ["np_ratio"] = s.LiThicknessUm is null ? s.NpRatio : null,
        ["li_thickness_um"] = s.LiThicknessUm,
        ["li_capacity_mah_per_g"] = s.LiSpecificCapacityMahPerG,
        ["electrolyte_thickness_um"] = s.ElectrolyteThicknessUm,
        ["cathode_side_layers"] = new JsonArray(s.CathodeSideLayers.Select(l => (JsonNode?)new JsonObject
        {
            ["name"] = l.Name, ["density_g_per_cm3"] = l.DensityGPerCm3, ["thickness_um"] = l.ThicknessUm, ["sigma_s_per_cm"] = l.SigmaSPerCm,
        }).ToArray()),
        ["al_um"] = s.AlThicknessUm,
        ["cu_um"] = s.CuThicknessUm,
        ["double_sided"] = s.DoubleSided,
        ["packaging_fraction"] = s.PackagingMassFraction,
        ["allowed_polarisation_v"] = s.AllowedPolarisationV,
        ["interface_asr_ohm_cm2"] = s.InterfaceAsrOhmCm2,
        ["target_charge_time_min"] = s.TargetChargeTimeMin,
        ["target_wh_per_kg"] = s.TargetWhPerKg,
    };

    private static string Fmt(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
