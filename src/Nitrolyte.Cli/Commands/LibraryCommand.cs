using System.CommandLine;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Core;
using Nitrolyte.Library;
using Nitrolyte.Reports;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte library list|show|compare|add|remove|path`: the literature library and the user's own materials.</summary>
public static class LibraryCommand
{
    public static Command Create()
    {
        var cmd = new Command("library",
            "The literature library of solid electrolytes (every row of Tables 1-4 of the nitride review, seed 001, plus seeds 000, 002, 003) " +
            "in an embedded SQLite store, with your own evaluated materials. " +
            $"Store: --store <file>, else ${LibraryStore.EnvironmentVariable}, else $XDG_DATA_HOME/nitrolyte/library.db (~/.local/share/nitrolyte/library.db).");
        cmd.Add(CreateList());
        cmd.Add(CreateShow());
        cmd.Add(CreateCompare());
        cmd.Add(CreateAdd());
        cmd.Add(CreateRemove());
        cmd.Add(CreatePath());
        return cmd;
    }

    private static Option<string?> StoreOption() => new("--store")
    {
        Description = $"Library store file (SQLite; created and seeded on first use). Default: ${LibraryStore.EnvironmentVariable} or the user data folder.",
    };

    private static LibraryStore Open(ParseResult p, Option<string?> store) => LibraryStore.Open(p.GetValue(store));

    private static Command CreateList()
    {
        var family = new Option<string?>("--family") { Description = "Only this family (e.g. nitride-halide, lithium-nitride, lipon, imide; case-insensitive)." };
        var min = new Option<double?>("--min-sigma") { Description = "Only materials with σ ≥ this (S/cm, at their stated temperature)." };
        var max = new Option<double?>("--max-sigma") { Description = "Only materials with σ ≤ this (S/cm)." };
        var store = StoreOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("list", "List library materials: σ at the stated temperature, Ea, structure, family and source.") { family, min, max, store, json };
        cmd.SetHandler(p =>
        {
            if (p.GetValue(min) is { } lo && p.GetValue(max) is { } hi && lo > hi) throw new UsageException($"--min-sigma {lo} is larger than --max-sigma {hi}");
            var s = Open(p, store);
            var rows = LibrarySearch.Filter(s.All(), p.GetValue(family), p.GetValue(min), p.GetValue(max));
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(LibraryJson.Entries(rows));
                return 0;
            }
            LibraryPrinter.List(rows);
            Console.Error.WriteLine($"{rows.Count} material(s); store {s.Path} (literature version {s.LiteratureVersion}{(s.SeedAction == "current" ? "" : $", {s.SeedAction}")}). '*' = extrapolated from an Arrhenius plot by the source.");
            return 0;
        });
        return cmd;
    }

    private static Command CreateShow()
    {
        var name = new Argument<string>("name") { Description = "Id, name or formula of the material (e.g. vacancy-rich-li9n2cl3, \"Vacancy-rich Li9N2Cl3\", Li2.5N0.5S0.5)." };
        var store = StoreOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("show", "Everything the library holds about one material.") { name, store, json };
        cmd.SetHandler(p =>
        {
            var s = Open(p, store);
            var e = LibrarySearch.Resolve(s.All(), p.GetValue(name)!);
            if (p.GetValue(json)) { CommandRunner.PrintJson(LibraryJson.Entry(e)); return 0; }
            LibraryPrinter.Show(e);
            return 0;
        });
        return cmd;
    }

    private static Command CreateCompare()
    {
        var names = new Argument<string[]>("names") { Description = "Two or more materials (id, name or formula).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Write the Arrhenius comparison plot as a self-contained HTML file (e.g. plot.html)." };
        var tmin = new Option<double>("--t-min-c") { Description = "Lowest temperature of the lines, °C (default 0).", DefaultValueFactory = _ => LiteratureComparison.DefaultTMinC };
        var tmax = new Option<double>("--t-max-c") { Description = "Highest temperature of the lines, °C (default 250).", DefaultValueFactory = _ => LiteratureComparison.DefaultTMaxC };
        var store = StoreOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("compare", "Compare materials side by side: a table and an Arrhenius plot of lines from each σ(T) and Ea (σT form unless stated), as Fig. 3E/5E of the review.")
        {
            names, output, tmin, tmax, store, json,
        };
        cmd.SetHandler(p =>
        {
            double lo = p.GetValue(tmin), hi = p.GetValue(tmax);
            if (!(lo > -273.15) || !(hi > lo)) throw new UsageException($"--t-min-c {lo} and --t-max-c {hi}: need -273.15 < min < max");
            var s = Open(p, store);
            if (p.GetValue(output) is { } outCheck) Core.OutputGuard.EnsureNotInput(outCheck, "--out", s.Path);
            var all = s.All();
            var picked = new List<LiteratureEntry>();
            foreach (var n in p.GetValue(names)!)
            {
                var e = LibrarySearch.Resolve(all, n);
                if (!picked.Contains(e)) picked.Add(e);
            }
            string? html = null;
            if (p.GetValue(output) is { } outPath)
            {
                var report = LiteraturePlot.CompareReport(picked, lo, hi);
                html = Path.GetFullPath(outPath);
                HtmlReportWriter.Write(report, html, out var missing);
                foreach (var a in missing) Console.Error.WriteLine($"warning: {a} not found: the plot is missing from {html} (run npm ci)");
            }
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(LibraryJson.Compare(picked, html));
                return 0;
            }
            LibraryPrinter.Compare(picked);
            if (html is not null) Console.Out.WriteLine($"plot: {html}");
            else Console.Error.WriteLine("(add --out plot.html for the Arrhenius comparison plot)");
            return 0;
        });
        return cmd;
    }

    private static Command CreateAdd()
    {
        var file = new Argument<string>("report.json") { Description = "A report.json written by `nitrolyte evaluate` (or the folder holding it) (its σ(25 °C) and Ea are taken from the analysis with the highest σ(25 °C))." };
        var family = new Option<string?>("--family") { Description = "Family to file it under (default: the manifest's 'family:' or 'user')." };
        var name = new Option<string?>("--name") { Description = "Name to show (default: the report's material)." };
        var store = StoreOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("add", "Add your evaluated material (from report.json) to your library store; adding the same material again replaces it.") { file, family, name, store, json };
        cmd.SetHandler(p =>
        {
            var entry = ReportImport.FromReportFile(p.GetValue(file)!, p.GetValue(family), p.GetValue(name));
            var s = Open(p, store);
            s.AddUser(entry);
            if (p.GetValue(json))
            {
                var o = LibraryJson.Entry(entry);
                o["store"] = s.Path;
                CommandRunner.PrintJson(o);
                return 0;
            }
            Console.Out.WriteLine($"added {entry.Name} [{entry.Id}]: σ(25 °C) {entry.SigmaSPerCm:0.###e+0} S/cm, Ea {entry.EaEV:0.###} eV, family {entry.Family} -> {s.Path}");
            return 0;
        });
        return cmd;
    }

    private static Command CreateRemove()
    {
        var id = new Argument<string>("id") { Description = "Id of a material you added (user-...)." };
        var store = StoreOption();
        var cmd = new Command("remove", "Remove a material you added (literature rows come from the data file and cannot be removed).") { id, store };
        cmd.SetHandler(p =>
        {
            var s = Open(p, store);
            var e = LibrarySearch.Resolve(s.All(), p.GetValue(id)!);
            if (e.Origin != EntryOrigin.User) throw new NitrolyteInputException($"{e.Id} is a literature row; only materials added with `library add` can be removed");
            s.RemoveUser(e.Id);
            Console.Out.WriteLine($"removed {e.Name} [{e.Id}] from {s.Path}");
            return 0;
        });
        return cmd;
    }

    private static Command CreatePath()
    {
        var store = StoreOption();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("path", "Print where the library store is and the version of its literature rows.") { store, json };
        cmd.SetHandler(p =>
        {
            var s = Open(p, store);
            var rows = s.All();
            int user = rows.Count(r => r.Origin == EntryOrigin.User);
            if (p.GetValue(json))
                CommandRunner.PrintJson(LibraryJson.Store(s, rows));
            else Console.Out.WriteLine($"{s.Path} (literature version {s.LiteratureVersion}: {rows.Count - user} literature rows, {user} of yours)");
            return 0;
        });
        return cmd;
    }
}
