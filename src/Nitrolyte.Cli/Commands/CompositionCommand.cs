using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Chemistry;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class CompositionCommand
{
    public static Command Create()
    {
        var formula = new Argument<string>("formula")
        {
            Description = "A formula in any literature notation: Li9N2Cl3, Li2.5N0.5S0.5, Li_{2.94}PO_{3.5}N_{0.31}, Li[N(CN)2], LiCl·2H2O, 1Li3N-2LiI-0.77LiOH (quote it in the shell).",
        };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("composition", "Molar mass (IUPAC 2021 atomic weights), weight fractions, reduced formula, oxidation states and the per-anion view of a formula.")
        {
            formula, json,
        };
        cmd.SetHandler(p =>
        {
            var text = p.GetValue(formula)!;
            var c = Composition.Parse(text);
            var o = ToJson(text, c);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(o);
                return 0;
            }
            var ox = c.GuessOxidationStates();
            AnsiConsole.WriteLine($"{text}: {c.Formula}, M = {c.MolarMassGPerMol:0.0000} g/mol; reduced formula {c.ReducedFormula}");
            var t = new Table().AddColumn("element").AddColumn("amount", col => col.RightAligned()).AddColumn("atomic weight (g/mol)", col => col.RightAligned())
                .AddColumn("weight fraction", col => col.RightAligned()).AddColumn("oxidation state", col => col.RightAligned());
            var wf = c.WeightFractions;
            foreach (var (el, n) in c.Amounts)
                t.AddEscapedRow(el, Composition.FormatNumber(n), Element.FromSymbol(el).AtomicWeightGPerMol.ToString("0.#####", CultureInfo.InvariantCulture),
                    wf[el].ToString("0.00000", CultureInfo.InvariantCulture), ox.States[el].ToString("+0;-0;0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine(ox.IsBalanced
                ? $"Charge-balanced with common oxidation states; anions: {string.Join(", ", ox.Anions)}."
                : $"Not charge-balanced with common oxidation states (imbalance {ox.ChargeImbalance:+0.###;-0.###} e per formula unit); closest assignment shown.");
            if (o["per_anion_formula"] is { } pa) AnsiConsole.WriteLine($"Per anion (anions sum to 1): {pa}");
            return 0;
        });
        return cmd;
    }

    public static JsonObject ToJson(string text, Composition c)
    {
        var red = c.Reduce();
        var ox = c.GuessOxidationStates();
        var o = new JsonObject
        {
            ["formula"] = c.Formula,
            ["input"] = text,
            ["reduced_formula"] = red.Composition.Formula,
            ["reduced_formula_is_integer"] = red.IsInteger,
            ["formula_units_per_reduced_unit"] = red.Factor,
            ["molar_mass_g_per_mol"] = c.MolarMassGPerMol,
            ["amounts"] = Obj(c.Amounts),
            ["weight_fractions"] = Obj(c.WeightFractions),
            ["atomic_fractions"] = Obj(c.AtomicFractions),
            ["total_atoms"] = c.TotalAtoms,
            ["oxidation_states"] = new JsonObject(ox.States.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
            ["charge_balanced"] = ox.IsBalanced,
            ["charge_imbalance"] = ox.ChargeImbalance,
            ["anions"] = new JsonArray(ox.Anions.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
            ["cations"] = new JsonArray(ox.Cations.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        };
        if (ox.Anions.Count > 0)
        {
            var pa = c.PerAnion();
            o["per_anion"] = Obj(pa.Amounts);
            o["per_anion_formula"] = pa.SubscriptedFormula;
        }
        else
        {
            o["per_anion"] = null;
            o["per_anion_formula"] = null;
        }
        return o;
    }

    private static JsonObject Obj(IEnumerable<KeyValuePair<string, double>> kv) =>
        new(kv.Select(x => new KeyValuePair<string, JsonNode?>(x.Key, x.Value)));
}
