using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Reports;
using Nitrolyte.Thermodynamics;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>stability hull|window|interface|vacancy</c>: phase diagrams and stability from computed (DFT) energies.</summary>
public static class StabilityCommand
{
    public static Command Create()
    {
        var cmd = new Command("stability", "Thermodynamic stability from computed energies: convex hull and energy above hull, electrochemical window vs Li, interface reactions, vacancy formation energies.");
        cmd.Add(Hull());
        cmd.Add(Window());
        cmd.Add(Interface());
        cmd.Add(Vacancy());
        return cmd;
    }

    private static Argument<string[]> EntriesArgument() => new("entries")
    {
        Description = "Entries file(s): pymatgen/Materials Project JSON (ComputedEntry, ComputedStructureEntry; list or dict), CSV (Name,El1,...,Final energy) or VASP vasprun.xml(.gz).",
        Arity = ArgumentArity.OneOrMore,
    };

    private static Option<string?> HtmlOption() => new("--html") { Description = "Also write an HTML page with the plot(s) to this file." };

    private static EntrySet Load(string[] files, string? htmlOut)
    {
        if (htmlOut is not null) Core.OutputGuard.EnsureNotInput(htmlOut, "--html", files);
        var set = EntryReader.ReadAll(files);
        if (set.DuplicatesDropped > 0) Console.Error.WriteLine($"note: {set.DuplicatesDropped} exact duplicate entr{(set.DuplicatesDropped == 1 ? "y" : "ies")} dropped");
        return set;
    }

    private static Composition Formula(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new UsageException($"{option} is required");
        return StabilityAnalysis.ParseFormula(text);
    }

    private static void WriteHtml(string? path, string title, IEnumerable<PlotFigure> figures, IEnumerable<string> paragraphs)
    {
        if (path is null) return;
        var report = new Report { Material = title };
        var s = new ReportSection { Key = "stability", Title = title };
        s.Paragraphs.AddRange(paragraphs);
        s.Figures.AddRange(figures);
        report.Sections.Add(s);
        HtmlReportWriter.Write(report, path, out var missing);
        Console.Error.WriteLine($"wrote {path}{(missing.Count > 0 ? $" (plots missing: {string.Join(", ", missing)})" : "")}");
    }

    // ------------------------------------------------------------------ hull

    private static Command Hull()
    {
        var entries = EntriesArgument();
        var elements = new Option<string?>("--elements") { Description = "Restrict to this chemical system, e.g. Li,Fe,O (default: every element in the entries)." };
        var open = new Option<string?>("--open") { Description = "Open element for a grand potential diagram (with --mu-ev)." };
        var mu = new Option<double?>("--mu-ev") { Description = "Chemical potential of the open element (absolute, eV/atom)." };
        var all = new Option<bool>("--all") { Description = "List every entry in the table, not only the stable ones." };
        var html = HtmlOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("hull", "Build the phase diagram (lower convex hull of formation energy per atom): stable phases, formation energy, energy above hull and decomposition of every entry.")
        {
            entries, elements, open, mu, all, html, json,
        };
        cmd.SetHandler(p =>
        {
            var set = Load(p.GetValue(entries)!, p.GetValue(html));
            var els = p.GetValue(elements) is { } es ? es.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
            if (els is not null) foreach (var el in els) if (!Element.TryGet(el, out _)) throw new UsageException($"--elements: '{el}' is not an element symbol");
            PhaseDiagram pd;
            if (p.GetValue(open) is { } o)
            {
                if (p.GetValue(mu) is not { } m) throw new UsageException("--open needs --mu-ev");
                pd = PhaseDiagram.Grand(set.Entries, new Dictionary<string, double> { [o] = m }, els);
            }
            else
            {
                if (p.GetValue(mu) is not null) throw new UsageException("--mu-ev needs --open");
                pd = new PhaseDiagram(els is null ? set.Entries : StabilityAnalysis.InSystem(set.Entries, els), els);
            }
            var ea = pd.EAboveHullAll();
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(StabilityJson.Hull(pd, ea, set.DuplicatesDropped));
            }
            else
            {
                AnsiConsole.WriteLine($"{string.Join("-", pd.Elements)}: {pd.AllEntries.Count} entries, {pd.StableEntries.Count} stable" +
                                      (pd.OpenChemicalPotentialsEV.Count > 0 ? $" (open: {string.Join(", ", pd.OpenChemicalPotentialsEV.Select(kv => $"μ_{kv.Key} = {kv.Value} eV"))})" : ""));
                var t = new Table().AddColumn("entry").AddColumn("formula").AddColumn("E_f (eV/atom)").AddColumn("E above hull (meV/atom)").AddColumn("decomposition");
                var rows = Enumerable.Range(0, pd.AllEntries.Count).Where(i => p.GetValue(all) || pd.IsStable(pd.AllEntries[i]))
                    .OrderBy(i => ea[i]).ThenBy(i => pd.FormationEnergyPerAtomEV(pd.AllEntries[i]));
                foreach (var i in rows)
                {
                    var e = pd.AllEntries[i];
                    var dec = pd.DecompositionAndEAboveHull(e).Decomposition;
                    t.AddEscapedRow(e.Name, (pd.OriginalOf.TryGetValue(e, out var oe) ? oe : e).Formula, $"{pd.FormationEnergyPerAtomEV(e):0.0000}", $"{ea[i] * 1000:0.0}",
                        pd.IsStable(e) ? "(stable)" : string.Join(" + ", dec.Parts.Select(x => $"{x.Fraction:0.###} {x.Entry.Name}")));
                }
                AnsiConsole.Write(t);
            }
            if (p.GetValue(html) is { } h)
                WriteHtml(h, $"Phase diagram {string.Join("-", pd.Elements)}",
                    pd.Elements.Count == 3 && pd.StableEntries.Count <= 60 ? [StabilityPlots.Ternary(pd)] : pd.Elements.Select(el => StabilityPlots.HullProjection(pd, el)).Take(1),
                    [$"{pd.AllEntries.Count} entries, stable: {string.Join(", ", pd.StableEntries.Select(e => e.Name))}."]);
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ window

    private static Command Window()
    {
        var entries = EntriesArgument();
        var formula = new Option<string>("--formula") { Description = "Composition of the material, e.g. Li9N2Cl3.", Required = true };
        var open = new Option<string>("--open") { Description = "Open element (default Li): the window is in potential vs its metal.", DefaultValueFactory = _ => "Li" };
        var energy = new Option<double?>("--energy-ev") { Description = "Total energy (eV) of the formula as written, if the material is not among the entries." };
        var html = HtmlOption();
        var json = CommandRunner.JsonOption();
        var figures = new FigureOutput();
        var cmd = new Command("window", "Electrochemical stability window vs Li/Li+ from the Li grand potential: the equilibrium voltage profile (phases and Li gained or lost at each step) and the range where the material exchanges no Li.")
        {
            entries, formula, open, energy, html, json,
        };
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            figures.Validate(p, p.GetValue(entries)!);
            var set = Load(p.GetValue(entries)!, p.GetValue(html));
            var f = Formula(p.GetValue(formula), "--formula");
            var el = p.GetValue(open)!;
            if (!Element.TryGet(el, out _)) throw new UsageException($"--open: '{el}' is not an element symbol");
            if (!f.Elements.Contains(el) && f.Amounts.Count == 0) throw new UsageException("--formula is empty");
            var placed = StabilityAnalysis.Place(set.Entries, f, p.GetValue(energy), [el]);
            var w = ElementProfile.Window(placed.Diagram, f, el, placed.Entry);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(StabilityJson.Window(w, placed));
            }
            else
            {
                AnsiConsole.WriteLine($"{w.Formula}: window {Fmt(w.LowV)} – {Fmt(w.HighV)} V vs {el}/{el}+" +
                                      (placed.Entry is null ? " (no entry with this composition)" : $"; e_above_hull {w.EAboveHullEVPerAtom * 1000:0.0} meV/atom ({placed.Entry.Name})"));
                AnsiConsole.WriteLine(w.Note);
                var t = new Table().AddColumn("from V").AddColumn($"μ_{el} (eV)").AddColumn($"{el} gained per f.u.").AddColumn("phase equilibrium");
                foreach (var s in w.Profile)
                    t.AddEscapedRow($"{s.VoltageV:0.000}", $"{s.ChemicalPotentialEV:0.0000}", $"{s.GainedPerFormulaUnit:+0.###;-0.###;0}", string.Join(" + ", s.Phases.Select(x => x.Entry.Name)));
                AnsiConsole.Write(t);
            }
            var figs = new List<PlotFigure> { StabilityPlots.VoltageProfile(w) };
            if (placed.Entry is { } pe)
                figs.Add(StabilityPlots.DecompositionEnergy(w, f, pe.EnergyPerAtomEV * f.TotalAtoms, placed.Diagram.ReferenceEnergyPerAtomEV(el)));
            WriteHtml(p.GetValue(html), $"Stability window of {w.Formula}", figs, [w.Note]);
            if (figures.Wanted(p)) figures.Write(p, figs);
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ interface

    private static Command Interface()
    {
        var entries = EntriesArgument();
        var a = new Option<string>("--a") { Description = "First reactant (e.g. the electrolyte), a formula.", Required = true };
        var b = new Option<string>("--b") { Description = "Second reactant (e.g. Li or a cathode), a formula.", Required = true };
        var open = new Option<string?>("--open") { Description = "Open element (e.g. Li or O) for a reaction at fixed chemical potential." };
        var mu = new Option<double?>("--mu-ev") { Description = "Chemical potential of the open element (absolute eV/atom)." };
        var volt = new Option<double?>("--voltage-v") { Description = "Alternatively, the potential vs the open element's metal (μ = μ_ref − V)." };
        var hull = new Option<bool>("--use-hull-energy") { Description = "Use the hull energy for the reactants instead of their lowest entry (closed system)." };
        var html = HtmlOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("interface", "Pseudo-binary interface reaction: reaction energy ΔE(x) over the mixing ratio, its kinks and the most negative reaction with its products.")
        {
            entries, a, b, open, mu, volt, hull, html, json,
        };
        cmd.SetHandler(p =>
        {
            var set = Load(p.GetValue(entries)!, p.GetValue(html));
            var ca = Formula(p.GetValue(a), "--a");
            var cb = Formula(p.GetValue(b), "--b");
            var el = p.GetValue(open);
            if (el is not null && !Element.TryGet(el, out _)) throw new UsageException($"--open: '{el}' is not an element symbol");
            var els = ca.Elements.Concat(cb.Elements).Concat(el is null ? [] : [el]).Distinct().ToList();
            var sys = StabilityAnalysis.InSystem(set.Entries, els);
            InterfaceReactionResult r;
            if (el is null)
            {
                if (p.GetValue(mu) is not null || p.GetValue(volt) is not null) throw new UsageException("--mu-ev/--voltage-v need --open");
                r = InterfaceReaction.Compute(new PhaseDiagram(sys, els), ca, cb, p.GetValue(hull));
            }
            else
            {
                double m;
                if (p.GetValue(mu) is { } mm) m = mm;
                else if (p.GetValue(volt) is { } v) m = StabilityAnalysis.MuFromVoltage(new PhaseDiagram(sys, els), el, v);
                else throw new UsageException("--open needs --mu-ev or --voltage-v");
                r = InterfaceReaction.ComputeOpen(sys, ca, cb, el, m);
            }
            if (p.GetValue(json)) CommandRunner.PrintJson(StabilityJson.Interface(r));
            else
            {
                AnsiConsole.WriteLine($"{r.A} | {r.B}{(r.OpenElement is null ? "" : $" (open {r.OpenElement}, μ = {r.OpenChemicalPotentialEV:0.####} eV)")}: " +
                                      $"most negative {r.Minimum.EnergyEVPerAtom * 1000:0.0} meV/atom at x = {r.Minimum.X:0.####} → {string.Join(" + ", r.Minimum.Products.Select(x => x.Entry.Name))}");
                var t = new Table().AddColumn($"x ({r.A})").AddColumn("ΔE (eV/atom)").AddColumn("products");
                foreach (var k in r.Kinks) t.AddEscapedRow($"{k.X:0.####}", $"{k.EnergyEVPerAtom:0.0000}", string.Join(" + ", k.Products.Select(x => $"{x.Fraction:0.###} {x.Entry.Name}")));
                AnsiConsole.Write(t);
            }
            WriteHtml(p.GetValue(html), $"Interface {r.A} | {r.B}", [StabilityPlots.InterfaceEnergy(r)], []);
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ vacancy

    private static Command Vacancy()
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
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(StabilityJson.Vacancy(s));
            }
            else
            {
                var t = new Table().AddColumn("site").AddColumn("E[[defective]] (eV)").AddColumn("ΔE_vac (eV)");
                foreach (var x in s.Sites) t.AddEscapedRow(x.Label, $"{x.DefectEnergyEV:0.####}", $"{x.FormationEnergyEV:0.###}");
                AnsiConsole.Write(t);
                AnsiConsole.WriteLine($"mean {s.MeanEV:0.###} eV, minimum {s.MinEV:0.###} eV ({s.MinSite}), maximum {s.MaxEV:0.###} eV");
            }
            return 0;
        });
        return cmd;
    }

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "∞";
}
