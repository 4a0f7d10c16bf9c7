using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte eis compare FILE --circuits A B C`: several circuits fitted to the same points, one table, the preferred circuit and why.</summary>
public static class EisCompareCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    public const int MaxCircuits = 8;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Impedance file (any format of `eis fit`)." };
        var circuits = new Option<string[]>("--circuits") { Description = $"Two to {MaxCircuits} circuits, each quoted, e.g. --circuits \"p(R1,CPE1)-CPE2\" \"p(R1,CPE1)-p(R2,CPE2)-CPE3\" (at most {MaxCircuits}: each is a full multi-start fit).", Required = true, AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore };
        var index = new Option<int>("--spectrum") { Description = "Which spectrum of a multi-spectrum file (1-based, default 1).", DefaultValueFactory = _ => 1 };
        var weighting = new Option<string>("--weighting") { Description = "Residual weighting: unit, proportional, modulus (default) or boukamp.", DefaultValueFactory = _ => "modulus" };
        var multi = new Option<int>("--multistart") { Description = "Random starts per circuit (default 24).", DefaultValueFactory = _ => 24 };
        var seed = new Option<int>("--seed") { Description = "Seed of the multi-start (default 1).", DefaultValueFactory = _ => 1 };
        var json = CommandRunner.JsonOption();
        var exclude = new EisCommand.Exclusion();
        var cmd = new Command("compare", "Fit several circuits to the same points and compare them: chi², reduced chi², AIC, BIC, F-test p for nested pairs, parameters, arcs resolved; names the preferred circuit and why.\n"
            + "Example: nitrolyte eis compare pellet.csv --circuits \"p(R1,CPE1)-CPE2\" \"p(R1,CPE1)-p(R2,CPE2)-CPE3\"") { file, circuits, index, weighting, multi, seed, json };
        exclude.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var texts = p.GetValue(circuits) ?? [];
            if (texts.Length < 2) throw new UsageException("--circuits: give at least two circuits to compare");
            if (texts.Length > MaxCircuits) throw new UsageException($"--circuits: at most {MaxCircuits} circuits (got {texts.Length})");
            var list = texts.Select(t => Circuit.Parse(t)).ToList();
            if (p.GetValue(multi) < 0) throw new UsageException("--multistart must be 0 or more");
            var sel = exclude.Select(EisCommand.ReadOne(p.GetValue(file)!, p.GetValue(index)), p);
            var res = CircuitComparison.Compare(sel.Kept, list, new CircuitFitOptions
            {
                Weighting = WeightingNames.Parse(p.GetValue(weighting)!), MultiStart = p.GetValue(multi), Seed = p.GetValue(seed),
            });
            if (p.GetValue(json)) { CommandRunner.PrintJson(ImpedanceJson.Comparison(res, sel)); return 0; }
            var t = new Table().AddColumn("circuit").AddColumn("chi²").AddColumn("reduced chi²").AddColumn("AIC").AddColumn("BIC").AddColumn("× noise floor").AddColumn("arcs resolved");
            foreach (var f in res.Fits)
                t.AddEscapedRow((f.Circuit == res.Preferred ? "* " : "") + f.Circuit, f.Fit.ChiSquare.ToString("G4", Inv), f.Fit.ReducedChiSquare.ToString("G4", Inv),
                    f.Fit.Aic.ToString("0.0", Inv), f.Bic.ToString("0.0", Inv), f.Fit.Quality?.ChiSquareOverNoiseFloor.ToString("0.00", Inv) ?? "-", $"{f.ArcsResolved}/{f.Arcs}");
            AnsiConsole.Write(t);
            foreach (var f in res.Fits)
            {
                AnsiConsole.WriteLine($"{f.Circuit}: " + string.Join(", ", f.Fit.Parameters.Select(x =>
                    $"{x.Name} = {x.Value.ToString("G4", Inv)}{(x.Fixed ? " (fixed)" : double.IsNaN(x.StdErr) ? " ± n/a" : $" ± {x.StdErr.ToString("G2", Inv)}")}")));
                if (f.Fit.Quality is { ConvergedToGoodMinimum: false } q) AnsiConsole.WriteLine($"  {q.Describe()}");
            }
            foreach (var n in res.Tests)
                AnsiConsole.WriteLine($"F-test {n.Simpler} vs {n.Richer}: F = {n.F.ToString("G4", Inv)} ({n.ExtraParameters}, {n.DegreesOfFreedom} dof), p = {n.P.ToString("G3", Inv)}");
            if (sel.ExcludedCount > 0) AnsiConsole.WriteLine($"{sel.ExcludedCount} of {sel.Original.Count} points excluded from every fit");
            AnsiConsole.WriteLine($"preferred: {res.Preferred} ({res.Reason})");
            return 0;
        });
        return cmd;
    }
}
