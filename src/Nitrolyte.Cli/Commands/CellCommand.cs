using System.CommandLine;
using Nitrolyte.CellDesign;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Core;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>nitrolyte cell energy|critical|sweep|polarisation|materials</c>: cell-level design from electrolyte properties.</summary>
public static partial class CellCommand
{
    public static Command Create()
    {
        var cmd = new Command("cell", "Cell-level design: stack energy density (Wh/kg, Wh/L) with mass/thickness breakdown, critical parameter values, sweeps, " +
                                      "and the resistance, overpotential and charge-rate limit of electrolyte layers.");
        cmd.Add(CreateEnergy());
        cmd.Add(CreateCritical());
        cmd.Add(CreateSweep());
        cmd.Add(CreatePolarisation());
        cmd.Add(CreateMaterials());
        return cmd;
    }

    private static Command CreateEnergy()
    {
        var so = new StackOptions();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("energy", "Gravimetric and volumetric energy density of one repeating unit Al | cathode | electrolyte layers | Li | Cu, with mass and thickness breakdown.");
        so.AddTo(cmd);
        cmd.Add(json);
        cmd.SetHandler(p =>
        {
            var stack = so.Build(p);
            var e = CellEnergyModel.Evaluate(stack);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(CellDesignJson.Energy(stack, e));
                return 0;
            }
            CellPrinter.Energy(stack, e);
            return 0;
        });
        return cmd;
    }

    private static Command CreateCritical()
    {
        var so = new StackOptions();
        var targetKg = new Option<double?>("--target-wh-per-kg") { Description = "Target gravimetric energy density (e.g. 350)." };
        var targetL = new Option<double?>("--target-wh-per-l") { Description = "Target volumetric energy density (instead of --target-wh-per-kg)." };
        var solve = new Option<string>("--solve") { Description = $"Parameter to solve for: {string.Join(", ", StackParameters.CliNames.Keys)}.", Required = true };
        var layerIdx = new Option<int>("--solve-layer") { Description = "Which --layer to vary for layer-thickness (1 = first given; default 1).", DefaultValueFactory = _ => 1 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("critical", "The value of one stack parameter at which the energy density equals a target (e.g. the thickest electrolyte that still gives 350 Wh/kg).");
        so.AddTo(cmd);
        cmd.Add(targetKg); cmd.Add(targetL); cmd.Add(solve); cmd.Add(layerIdx); cmd.Add(json);
        cmd.SetHandler(p =>
        {
            var stack = so.Build(p);
            var (kg, l) = (p.GetValue(targetKg), p.GetValue(targetL));
            if (kg is null == l is null) throw new UsageException("give exactly one of --target-wh-per-kg and --target-wh-per-l");
            StackParameter param;
            try { param = StackParameters.Parse(p.GetValue(solve)!); }
            catch (NitrolyteInputException e) { throw new UsageException($"--solve: {e.Message}"); }
            int li = p.GetValue(layerIdx) - 1;
            if (param == StackParameter.LayerThickness && (li < 0 || li >= stack.Layers.Count))
                throw new UsageException(stack.Layers.Count == 0 ? "--solve layer-thickness needs at least one --layer" : $"--solve-layer {li + 1}: the stack has {stack.Layers.Count} layer(s)");
            var metric = kg is not null ? EnergyMetric.Gravimetric : EnergyMetric.Volumetric;
            var r = CriticalParameterSolver.Solve(stack, param, (kg ?? l)!.Value, metric, li);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(CellDesignJson.Critical(r, stack, param == StackParameter.LayerThickness ? stack.Layers[li].Name : null, metric));
                return 0;
            }
            AnsiConsole.WriteLine(r.Found
                ? $"Critical {r.CliName}{(param == StackParameter.LayerThickness ? $" ({stack.Layers[li].Name})" : "")}: {r.Value:0.###} {r.Unit}. {r.Message}."
                : $"No critical value: {r.Message}.");
            return 0;
        });
        return cmd;
    }

    private static Command CreateSweep()
    {
        var so = new StackOptions();
        var vary = new Option<string>("--vary") { Description = $"Parameter to sweep: {string.Join(", ", StackParameters.CliNames.Keys)}.", Required = true };
        var from = new Option<double>("--from") { Description = "First value.", Required = true };
        var to = new Option<double>("--to") { Description = "Last value.", Required = true };
        var points = new Option<int>("--points") { Description = "Number of values (default 21).", DefaultValueFactory = _ => 21 };
        var layerIdx = new Option<int>("--vary-layer") { Description = "Which --layer to vary for layer-thickness (default 1).", DefaultValueFactory = _ => 1 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("sweep", "Energy density (Wh/kg and Wh/L) as one stack parameter varies (the panels of the review's Fig. 17).");
        so.AddTo(cmd);
        cmd.Add(vary); cmd.Add(from); cmd.Add(to); cmd.Add(points); cmd.Add(layerIdx); cmd.Add(json);
        cmd.SetHandler(p =>
        {
            var stack = so.Build(p);
            StackParameter param;
            try { param = StackParameters.Parse(p.GetValue(vary)!); }
            catch (NitrolyteInputException e) { throw new UsageException($"--vary: {e.Message}"); }
            int n = p.GetValue(points);
            if (n < 2 || n > 100_000) throw new UsageException("--points must be between 2 and 100000");
            int li = p.GetValue(layerIdx) - 1;
            if (param == StackParameter.LayerThickness && (li < 0 || li >= stack.Layers.Count))
                throw new UsageException(stack.Layers.Count == 0 ? "--vary layer-thickness needs at least one --layer" : $"--vary-layer {li + 1}: the stack has {stack.Layers.Count} layer(s)");
            var xs = CellSweeps.Linspace(p.GetValue(from), p.GetValue(to), n);
            var grav = CellSweeps.Sweep(stack, param, xs, EnergyMetric.Gravimetric, li);
            var vol = CellSweeps.Sweep(stack, param, xs, EnergyMetric.Volumetric, li);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(CellDesignJson.Sweep(param, xs, grav, vol));
                return 0;
            }
            CellPrinter.Sweep(param, xs, grav, vol);
            return 0;
        });
        return cmd;
    }

    private static Command CreatePolarisation()
    {
        var layers = new Option<string[]>("--layer") { Description = "Layer <sigma_s_per_cm>:<thickness_um>[:<name>]; repeat for a multilayer (e.g. --layer 4.3e-5:50:LNC --layer 4.78e-4:450:LHC --layer 4.3e-5:50:LNC).", Required = true };
        var area = new Option<double>("--area-cm2") { Description = "Electrode area, cm2 (default 1).", DefaultValueFactory = _ => 1.0 };
        var j = new Option<double?>("--current-density-ma-cm2") { Description = "Current density, mA/cm2." };
        var crate = new Option<double?>("--c-rate") { Description = "C-rate instead of a current density (needs --areal-capacity-mah-cm2)." };
        var q = new Option<double?>("--areal-capacity-mah-cm2") { Description = "Areal capacity, mAh/cm2: enables the maximum C-rate, shortest charge time and required conductivity." };
        var iface = new Option<double>("--interface-asr-ohm-cm2") { Description = "Sum of interface area-specific resistances, Ohm cm2 (default 0).", DefaultValueFactory = _ => 0.0 };
        var allowed = new Option<double>("--allowed-polarisation-v") { Description = "Allowed ohmic drop for the rate limit, V (default 0.1).", DefaultValueFactory = _ => StackResistance.DefaultAllowedPolarisationV };
        var time = new Option<double>("--charge-time-min") { Description = "Target charge time for the required conductivity, min (default 15, the review's target).", DefaultValueFactory = _ => 15.0 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("polarisation", "Resistance L/(σA) and ASR of each electrolyte layer, the ohmic overpotential at a current density, the maximum C-rate / shortest charge " +
                                              "for an allowed polarisation, and the conductivity needed for a target charge time.")
        {
            layers, area, j, crate, q, iface, allowed, time, json,
        };
        cmd.SetHandler(p =>
        {
            var ls = p.GetValue(layers)!.Select(ParseResistiveLayer).ToList();
            double a = p.GetValue(area);
            if (!(a > 0)) throw new UsageException("--area-cm2 must be positive");
            var qv = p.GetValue(q);
            if (qv is { } qq && !(qq > 0)) throw new UsageException("--areal-capacity-mah-cm2 must be positive");
            double current;
            if (p.GetValue(j) is { } jj)
            {
                if (p.GetValue(crate) is not null) throw new UsageException("give --current-density-ma-cm2 or --c-rate, not both");
                current = jj;
            }
            else if (p.GetValue(crate) is { } c)
            {
                if (qv is null) throw new UsageException("--c-rate needs --areal-capacity-mah-cm2");
                current = c * qv.Value;
            }
            else throw new UsageException("give --current-density-ma-cm2 (or --c-rate with --areal-capacity-mah-cm2)");
            if (!(current >= 0)) throw new UsageException("the current density must be zero or positive");
            var pol = StackResistance.Evaluate(ls, a, current, p.GetValue(iface));
            RateLimit? lim = qv is { } qx ? StackResistance.Limit(pol.AsrOhmCm2, qx, p.GetValue(allowed)) : null;
            var req = qv is { } qy ? StackResistance.Required(ls.Select(l => (l.Name, l.ThicknessUm, (double?)l.SigmaSPerCm)).ToList(), qy, p.GetValue(time), p.GetValue(allowed), p.GetValue(iface)) : null;
            if (p.GetValue(json))
            {
                var o = CellDesignJson.Polarisation(pol, lim, req, p.GetValue(time));
                CommandRunner.PrintJson(o);
                return 0;
            }
            CellPrinter.Polarisation(pol, a, lim, req, p.GetValue(time));
            return 0;
        });
        return cmd;
    }

    private static Command CreateMaterials()
    {
        var json = CommandRunner.JsonOption();
        var cmd = new Command("materials", "The bundled densities of common electrolytes (for --layer <name>:<um>) and the cathode presets, with sources.") { json };
        cmd.SetHandler(p =>
        {
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(CellDesignJson.Materials());
                return 0;
            }
            CellPrinter.Materials();
            return 0;
        });
        return cmd;
    }
}
