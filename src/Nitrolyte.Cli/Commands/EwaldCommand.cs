using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Electrostatics;
using Nitrolyte.Structures;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class EwaldCommand
{
    public static Option<string?> OxidationOption() => new("--oxidation")
    {
        Description = "Oxidation states, e.g. Li=1,N=-3,Cl=-1. Default: states in the file, else the common-ion rule (docs/structures.md).",
    };

    public static Structure WithOxidation(Structure s, string? text)
    {
        var overrides = OxidationStates.ParseOverrides(text);
        return OxidationStates.Assign(s, overrides);
    }

    public static Command Create()
    {
        var file = StructureSource.FileArgument();
        var ox = OxidationOption();
        var eta = new Option<double?>("--eta") { Description = "Ewald splitting parameter η (1/Å²); default π(N/√2/V²)^(1/3). The total does not depend on it." };
        var sites = new Option<bool>("--sites") { Description = "Also print the energy of every site." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("ewald", "Ewald electrostatic energy (real + reciprocal + self, neutralising background for charged cells) of a structure with oxidation states.")
        {
            file, ox, eta, sites, json,
        };
        cmd.SetHandler(p =>
        {
            var s = WithOxidation(StructureSource.Load(p.GetValue(file)!), p.GetValue(ox));
            if (p.GetValue(eta) is { } e && e <= 0) throw new UsageException("--eta must be positive");
            if (!s.IsOrdered)
                Console.Error.WriteLine("warning: the structure is partially occupied; each site carries its mean charge (as pymatgen does). Order it first (nitrolyte order) for the energy of a real configuration.");
            var r = Ewald.Compute(s, p.GetValue(eta));
            if (p.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["total_ev"] = r.TotalEV, ["real_ev"] = r.RealEV, ["reciprocal_ev"] = r.ReciprocalEV, ["self_ev"] = r.SelfEV,
                    ["charged_cell_ev"] = r.ChargedCellEV + 0.0, ["net_charge_e"] = r.NetChargeE + 0.0, ["eta_per_a2"] = r.Eta,
                    ["real_cutoff_a"] = r.RealCutoffA, ["reciprocal_cutoff_per_a"] = r.ReciprocalCutoffPerA,
                    ["n_sites"] = s.Sites.Count, ["ordered"] = s.IsOrdered, ["total_ev_per_atom"] = r.TotalEV / s.Composition.TotalAtoms,
                };
                if (p.GetValue(sites)) o["site_energies_ev"] = new JsonArray(r.SiteEnergiesEV.Select(x => (JsonNode)x).ToArray());
                CommandRunner.PrintJson(o);
                return 0;
            }
            var t = new Table().AddColumn("term").AddColumn("energy (eV)");
            t.AddEscapedRow("real space", $"{r.RealEV:0.000000}");
            t.AddEscapedRow("reciprocal space", $"{r.ReciprocalEV:0.000000}");
            t.AddEscapedRow("self", $"{r.SelfEV:0.000000}");
            if (Math.Abs(r.NetChargeE) > 1e-9) t.AddEscapedRow($"neutralising background (net charge {r.NetChargeE:0.###} e)", $"{r.ChargedCellEV:0.000000}");
            t.AddEscapedRow("total", $"{r.TotalEV:0.000000}");
            t.AddEscapedRow("total per atom", $"{r.TotalEV / s.Composition.TotalAtoms:0.000000}");
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine($"η = {r.Eta:0.#####} Å⁻², r_max = {r.RealCutoffA:0.##} Å, G_max = {r.ReciprocalCutoffPerA:0.###} Å⁻¹ (neglected terms < 1e-12 relative)");
            if (p.GetValue(sites))
            {
                var st = new Table().AddColumn("site").AddColumn("species").AddColumn("energy (eV)");
                for (int i = 0; i < s.Sites.Count; i++) st.AddEscapedRow((i + 1).ToString(), s.Sites[i].Element, $"{r.SiteEnergiesEV[i]:0.000000}");
                AnsiConsole.Write(st);
            }
            return 0;
        });
        return cmd;
    }
}
