using System.CommandLine;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Reports;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>stability vacancy</c>: vacancy formation energies per site from supercell total energies.</summary>
public static class StabilityVacancyCommand
{
    public static Command Create()
    {
        var host = new Option<double?>("--host-ev") { Description = "Total energy of the pristine supercell (eV)." };
        var reference = new Option<double?>("--reference-ev") { Description = "Energy per atom of the removed species' reference (Li metal, eV/atom)." };
        var defects = new Option<string?>("--defect-ev") { Description = "Total energies of the supercells with one vacancy, comma-separated (eV), one per site." };
        var labels = new Option<string?>("--labels") { Description = "Site labels for --defect-ev, comma-separated (e.g. 4f,2b)." };
        var csv = new Option<string?>("--csv") { Description = "CSV instead of --defect-ev: columns site,energy_ev (a row 'host' and a row 'reference' may give the other two)." };
        var csvArg = new Argument<string?>("csv") { Description = "Optional CSV (same as --csv).", Arity = ArgumentArity.ZeroOrOne };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("vacancy", "Vacancy formation energy per site, ΔE = E[defective] + E[Li metal per atom] − E[pristine] (seed 002), with the mean and minimum over sites.")
        {
            csvArg, host, reference, defects, labels, csv, json,
        };
        cmd.SetHandler(p =>
        {
            double? h = p.GetValue(host), r = p.GetValue(reference);
            var list = new List<(string, double)>();
            if (p.GetValue(csv) is not null && p.GetValue(csvArg) is not null) throw new UsageException("give the CSV once (argument or --csv)");
            if ((p.GetValue(csv) ?? p.GetValue(csvArg)) is { } path)
            {
                foreach (var (label, e, line) in VacancyEnergyCsvReader.Read(path))
                {
                    if (label.Equals("host", StringComparison.OrdinalIgnoreCase)) h ??= e;
                    else if (label.Equals("reference", StringComparison.OrdinalIgnoreCase)) r ??= e;
                    else list.Add((label, e));
                }
            }
            var ds = CommandRunner.ParseDoubles(p.GetValue(defects), "--defect-ev");
            var ls = p.GetValue(labels)?.Split(',', StringSplitOptions.TrimEntries) ?? [];
            if (ls.Length > 0 && ls.Length != ds.Length) throw new UsageException($"--labels has {ls.Length} labels for {ds.Length} energies");
            for (int i = 0; i < ds.Length; i++) list.Add((ls.Length > 0 ? ls[i] : $"site {i + 1}", ds[i]));
            if (h is null) throw new UsageException("--host-ev is required (or a 'host' row in --csv)");
            if (r is null) throw new UsageException("--reference-ev is required (or a 'reference' row in --csv)");
            if (list.Count == 0) throw new UsageException("give --defect-ev e1,e2,... or --csv");
            var s = VacancyFormation.Compute(h.Value, r.Value, list);
            if (p.GetValue(json)) CommandRunner.PrintJson(StabilityJson.Vacancy(s));
            else StabilityPrinter.Vacancy(s);
            return 0;
        });
        return cmd;
    }
}
