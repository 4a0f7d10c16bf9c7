using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>Loads a structure from a file (CIF, POSCAR, pymatgen JSON) or, when no such file exists, a prototype name.</summary>
public static class StructureSource
{
    public static Structure Load(string pathOrPrototype)
    {
        if (!File.Exists(pathOrPrototype) && Prototypes.Find(pathOrPrototype) is { } p) return Prototypes.Get(p.Name);
        return StructureReader.Read(pathOrPrototype);
    }

    public static Argument<string> FileArgument() => new("file")
    {
        Description = "Structure file: CIF (at most 1536 distinct symmetry operations), POSCAR/CONTCAR (.vasp) or pymatgen structure JSON; or a prototype name (see 'structure prototypes').",
    };

    public static JsonObject Info(Structure s)
    {
        var o = Reports.StructureJson.Info(s);
        o["title"] = s.Title;
        return o;
    }
}

public static class StructureCommand
{
    public static Command Create()
    {
        var cmd = new Command("structure", "Crystal structures: information, prototypes of the seed papers, format conversion and supercells.");
        cmd.Add(InfoCommand());
        cmd.Add(PrototypesCommand());
        cmd.Add(ConvertCommand());
        return cmd;
    }

    private static Command InfoCommand()
    {
        var file = StructureSource.FileArgument();
        var json = CommandRunner.JsonOption();
        var sites = new Option<bool>("--sites") { Description = "Also list the sites (label, fractional coordinates, species and occupancies)." };
        var cmd = new Command("info", "Formula, density, volume, lattice parameters and space group (as given by the file) of a structure.") { file, sites, json };
        cmd.SetHandler(p =>
        {
            var s = StructureSource.Load(p.GetValue(file)!);
            var info = StructureSource.Info(s);
            if (p.GetValue(json))
            {
                if (p.GetValue(sites)) info["sites"] = new JsonArray(s.Sites.Select(x => (JsonNode)new JsonObject
                {
                    ["label"] = x.Label, ["abc"] = new JsonArray(x.FracA, x.FracB, x.FracC),
                    ["species"] = new JsonArray(x.Species.Select(sp => (JsonNode)new JsonObject { ["element"] = sp.Element, ["occupancy"] = sp.Occupancy, ["oxidation_state"] = sp.OxidationState }).ToArray()),
                }).ToArray());
                CommandRunner.PrintJson(info);
                return 0;
            }
            var l = s.Lattice;
            var t = new Table().AddColumn("quantity").AddColumn("value");
            t.AddEscapedRow("formula (cell)", s.Composition.Formula);
            t.AddEscapedRow("reduced formula, Z", $"{info["reduced_formula"]}, Z = {info["z"]}");
            t.AddEscapedRow("space group (from file)", s.SpaceGroup ?? "not given");
            t.AddEscapedRow("a, b, c (Å)", $"{l.A:0.#####}, {l.B:0.#####}, {l.C:0.#####}");
            t.AddEscapedRow("α, β, γ (°)", $"{l.AlphaDeg:0.###}, {l.BetaDeg:0.###}, {l.GammaDeg:0.###}");
            t.AddEscapedRow("volume (Å³)", $"{s.VolumeA3:0.###}");
            t.AddEscapedRow("density (g/cm³)", $"{s.DensityGPerCm3:0.####}");
            t.AddEscapedRow("sites", $"{s.Sites.Count} ({(s.IsOrdered ? "ordered" : $"{s.Sites.Count(x => !x.IsOrdered)} partially occupied or mixed")})");
            AnsiConsole.Write(t);
            if (p.GetValue(sites))
            {
                var st = new Table().AddColumn("label").AddColumn("x").AddColumn("y").AddColumn("z").AddColumn("species (occupancy)");
                foreach (var x in s.Sites)
                    st.AddEscapedRow(x.Label, $"{x.FracA:0.#####}", $"{x.FracB:0.#####}", $"{x.FracC:0.#####}",
                        string.Join(" ", x.Species.Select(sp => $"{sp.Element}{(sp.OxidationState is { } o ? (o > 0 ? "+" : "") + o.ToString("0.##") : "")} {sp.Occupancy:0.####}")));
                AnsiConsole.Write(st);
            }
            return 0;
        });
        return cmd;
    }

    private static Command PrototypesCommand()
    {
        var json = CommandRunner.JsonOption();
        var write = new Option<string?>("--write") { Description = "Write every prototype as <name>.cif into this folder." };
        var cmd = new Command("prototypes", "List the prototype structures built from the seed papers (Li9N2Cl3, Li2.5N0.5S0.5, Li2S, α/β-Li3N, Li2O, LiCl).") { write, json };
        cmd.SetHandler(p =>
        {
            var dir = p.GetValue(write);
            if (dir is not null)
            {
                Directory.CreateDirectory(dir);
                foreach (var pr in Prototypes.All) Core.AtomicFile.WriteAllText(Path.Combine(dir, pr.Name + ".cif"), pr.CifText);
            }
            var rows = Prototypes.All.Select(pr => (pr, s: Prototypes.Get(pr.Name))).ToList();
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject
                {
                    ["prototypes"] = new JsonArray(rows.Select(r =>
                    {
                        var o = StructureSource.Info(r.s);
                        o["name"] = r.pr.Name;
                        o["description"] = r.pr.Description;
                        return (JsonNode)o;
                    }).ToArray()),
                });
                return 0;
            }
            var t = new Table().AddColumn("name").AddColumn("cell formula").AddColumn("space group").AddColumn("a (Å)").AddColumn("c (Å)").AddColumn("ρ (g/cm³)");
            foreach (var (pr, s) in rows)
                t.AddEscapedRow(pr.Name, s.Composition.Formula, s.SpaceGroup ?? "", $"{s.Lattice.A:0.####}", $"{s.Lattice.C:0.####}", $"{s.DensityGPerCm3:0.###}");
            AnsiConsole.Write(t);
            foreach (var (pr, _) in rows) Console.Out.WriteLine($"{pr.Name}: {pr.Description}");
            if (dir is not null) AnsiConsole.WriteLine($"Wrote {rows.Count} CIFs to {dir}");
            return 0;
        });
        return cmd;
    }

    private static Command ConvertCommand()
    {
        var file = StructureSource.FileArgument();
        var output = new Argument<string>("output") { Description = "Output file: .cif, or POSCAR/.vasp (ordered structures only)." };
        var supercell = new Option<string?>("--supercell") { Description = "Build a supercell first: 'na,nb,nc' or nine integers of the matrix (rows); at most 1000 cells." };
        var cmd = new Command("convert", "Convert between CIF and POSCAR (optionally building a supercell).") { file, output, supercell };
        cmd.SetHandler(p =>
        {
            var outPath = p.GetValue(output)!;
            Core.OutputGuard.EnsureNotInput(outPath, "output", p.GetValue(file));
            var s = StructureSource.Load(p.GetValue(file)!);
            if (p.GetValue(supercell) is { } sc)
            {
                var m = ParseSupercell(sc);
                long cells = Math.Abs((long)m[0, 0] * ((long)m[1, 1] * m[2, 2] - (long)m[1, 2] * m[2, 1]) - (long)m[0, 1] * ((long)m[1, 0] * m[2, 2] - (long)m[1, 2] * m[2, 0]) + (long)m[0, 2] * ((long)m[1, 0] * m[2, 1] - (long)m[1, 1] * m[2, 0]));
                if (cells * s.Sites.Count > MaxSupercellSites)
                    throw new UsageException($"--supercell {sc}: {cells} cells × {s.Sites.Count} sites is more than {MaxSupercellSites:N0} sites");
                s = s.Supercell(m);
            }
            var name = Path.GetFileName(outPath).ToLowerInvariant();
            if (name.EndsWith(".cif")) CifWriter.Write(outPath, s);
            else PoscarWriter.Write(outPath, s);
            Console.Error.WriteLine($"wrote {outPath} ({s.Sites.Count} sites, {s.Composition.Formula})");
            return 0;
        });
        return cmd;
    }

    /// <summary>Cap on the sites of a supercell written by `structure convert`.</summary>
    public const long MaxSupercellSites = 1_000_000;

    /// <summary>"2,2,2" or nine integers.</summary>
    public static int[,] ParseSupercell(string text)
    {
        var v = CommandRunner.ParseDoubles(text, "--supercell");
        if (v.Any(x => x != Math.Round(x))) throw new UsageException($"--supercell: '{text}' must be integers");
        if (v.Any(x => Math.Abs(x) > 1000)) throw new UsageException($"--supercell: '{text}': every entry must lie between -1000 and 1000");
        var i = v.Select(x => (int)x).ToArray();
        int[,] m;
        if (i.Length == 3) m = new[,] { { i[0], 0, 0 }, { 0, i[1], 0 }, { 0, 0, i[2] } };
        else if (i.Length == 9) m = new[,] { { i[0], i[1], i[2] }, { i[3], i[4], i[5] }, { i[6], i[7], i[8] } };
        else throw new UsageException($"--supercell: '{text}' must be 'na,nb,nc' or nine integers");
        long det = (long)m[0, 0] * ((long)m[1, 1] * m[2, 2] - (long)m[1, 2] * m[2, 1])
                 - (long)m[0, 1] * ((long)m[1, 0] * m[2, 2] - (long)m[1, 2] * m[2, 0])
                 + (long)m[0, 2] * ((long)m[1, 0] * m[2, 1] - (long)m[1, 1] * m[2, 0]);
        if (det <= 0) throw new UsageException($"--supercell {text}: the matrix must have a positive determinant (got {det}); use e.g. 2,2,2");
        if (det > 1000) throw new UsageException($"--supercell {text}: {det} cells is too many (at most 1000)");
        return m;
    }
}
