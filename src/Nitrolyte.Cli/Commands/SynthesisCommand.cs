using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Chemistry;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class SynthesisCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--target") { Description = "Target formula, e.g. Li2NH, Li9N2Cl3, Li2.5N0.5S0.5.", Required = true };
        var precursors = new Option<string>("--precursors") { Description = "Comma-separated precursor formulas, e.g. LiNH2,Li3N.", Required = true };
        var mass = new Option<double>("--mass-g") { Description = "Mass of target to make, g (default 1).", DefaultValueFactory = _ => 1.0 };
        var byproducts = new Option<string?>("--byproducts") { Description = "Comma-separated gases that may leave the reaction (free terms in the balance), e.g. H2 or H2,N2,NH3,O2." };
        var tol = new Option<double>("--tolerance") { Description = "Largest element residual (atoms per formula unit of target) accepted as balanced (default 1e-6).", DefaultValueFactory = _ => SynthesisPlanner.DefaultTolerance };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("synthesis", "Weigh out precursors for a target: element balance by non-negative least squares, moles and grams of each precursor, residual per element, gas by-products.")
        {
            target, precursors, mass, byproducts, tol, json,
        };
        cmd.SetHandler(p =>
        {
            var pre = Split(p.GetValue(precursors));
            if (pre.Count == 0) throw new UsageException("--precursors: give at least one formula (comma-separated)");
            var by = Split(p.GetValue(byproducts));
            double m = p.GetValue(mass);
            if (!(m > 0) || !double.IsFinite(m)) throw new UsageException($"--mass-g must be a positive number (got {m.ToString(CultureInfo.InvariantCulture)})");
            double tolerance = p.GetValue(tol);
            if (!(tolerance >= 0) || !double.IsFinite(tolerance)) throw new UsageException($"--tolerance must be zero or a positive number (got {tolerance.ToString(CultureInfo.InvariantCulture)})");
            var dup = pre.Concat(by).GroupBy(x => x, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new UsageException($"'{dup.Key}' is listed twice in --precursors/--byproducts");
            var plan = SynthesisPlanner.Plan(p.GetValue(target)!, pre, m, by, tolerance);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(ToJson(plan));
                return 0;
            }
            AnsiConsole.WriteLine($"{plan.TargetMassG:0.####} g {plan.TargetFormula} (M = {plan.TargetMolarMassGPerMol:0.0000} g/mol, {plan.TargetMoles * 1000:0.0000} mmol): {plan.Equation}");
            var t = new Table().AddColumn("precursor").AddColumn("per target", c => c.RightAligned()).AddColumn("M (g/mol)", c => c.RightAligned())
                .AddColumn("mmol", c => c.RightAligned()).AddColumn("mass (g)", c => c.RightAligned());
            foreach (var s in plan.Precursors) t.AddEscapedRow(s.Formula, $"{s.CoefficientPerTarget:0.######}", $"{s.MolarMassGPerMol:0.0000}", $"{s.Moles * 1000:0.0000}", $"{s.MassG:0.0000}");
            foreach (var s in plan.Byproducts) t.AddEscapedRow($"{s.Formula} (released)", $"{s.CoefficientPerTarget:0.######}", $"{s.MolarMassGPerMol:0.0000}", $"{s.Moles * 1000:0.0000}", $"{s.MassG:0.0000}");
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine(plan.Balanced
                ? $"Balanced: largest element residual {plan.ResidualPerElement.Values.Select(Math.Abs).DefaultIfEmpty(0).Max():0.###e+0;0.###e+0;0} atoms per formula unit of target."
                : "NOT BALANCED: residual per element (atoms per formula unit of target; + excess, - short): " +
                  string.Join(", ", plan.ResidualPerElement.Select(kv => $"{kv.Key} {kv.Value:+0.####;-0.####;0}")));
            foreach (var n in plan.Notes) AnsiConsole.WriteLine($"Note: {n}");
            return 0;
        });
        return cmd;
    }

    private static List<string> Split(string? s) =>
        string.IsNullOrWhiteSpace(s) ? [] : s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public static JsonObject ToJson(SynthesisPlan plan)
    {
        JsonArray Arr(IEnumerable<SynthesisAmount> xs) => new(xs.Select(s => (JsonNode?)new JsonObject
        {
            ["formula"] = s.Formula,
            ["moles"] = s.Moles,
            ["mass_g"] = s.MassG,
            ["molar_mass_g_per_mol"] = s.MolarMassGPerMol,
            ["per_formula_unit_of_target"] = s.CoefficientPerTarget,
        }).ToArray());
        return new JsonObject
        {
            ["target"] = plan.TargetFormula,
            ["target_mass_g"] = plan.TargetMassG,
            ["target_moles"] = plan.TargetMoles,
            ["target_molar_mass_g_per_mol"] = plan.TargetMolarMassGPerMol,
            ["precursors"] = Arr(plan.Precursors),
            ["byproducts"] = Arr(plan.Byproducts),
            ["residual"] = plan.ResidualNorm,
            ["residual_per_element"] = new JsonObject(plan.ResidualPerElement.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
            ["balanced"] = plan.Balanced,
            ["tolerance"] = plan.Tolerance,
            ["unique"] = plan.Unique,
            ["equation"] = plan.Equation,
            ["notes"] = new JsonArray(plan.Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
        };
    }
}
