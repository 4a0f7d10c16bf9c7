using Nitrolyte.Formats.Structures;
using System.Security.Cryptography;
using Nitrolyte.Core;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Core;

/// <summary>Inputs are never outputs (issue 14): every writing command refuses an output that is one of its inputs, before running.</summary>
public class OutputGuardTests
{
    private const string Mpt = "EC-Lab ASCII FILE\nNb header lines : 4\n\ntime/s\tEwe/V\tI/mA\tcycle number\n0\t3.0\t0.1\t0\n1\t3.1\t0.1\t0\n2\t3.2\t0.1\t0\n";

    private static byte[] Hash(string path) => SHA256.HashData(File.ReadAllBytes(path));

    [Fact]
    public void ConvertRefusesToOverwriteItsInput()
    {
        using var tmp = new TempDir();
        var mpt = tmp.File("cp.mpt");
        File.WriteAllText(mpt, Mpt);
        var before = Hash(mpt);
        var r = CliHarness.Run("convert", mpt, "--to", "csv", "--out", mpt);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("input file", r.Stderr);
        Assert.Contains("cp.mpt", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Equal(before, Hash(mpt));
        Assert.Single(Directory.GetFiles(tmp.Path)); // no temporary file left beside it either
        // a different output still works
        var ok = CliHarness.Run("convert", mpt, "--to", "csv", "--out", tmp.File("cp.csv"));
        Assert.True(ok.ExitCode == 0, ok.Stderr);
    }

    [Fact]
    public void ConvertRefusesAnOutputThatIsTheInputByAnotherSpelling()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("sub"));
        var mpt = tmp.File("cp.mpt");
        File.WriteAllText(mpt, Mpt);
        var before = Hash(mpt);
        var r = CliHarness.Run("convert", mpt, "--out", Path.Combine(tmp.Path, "sub", "..", "cp.mpt"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(before, Hash(mpt));
    }

    [Fact]
    public void StructureConvertRefusesToOverwriteItsInput()
    {
        using var tmp = new TempDir();
        var cif = tmp.File("a.cif");
        File.WriteAllText(cif, Prototypes.All.First(p => p.Name.Contains("Li3N")).CifText);
        var before = Hash(cif);
        var r = CliHarness.Run("structure", "convert", cif, cif);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("input file", r.Stderr);
        Assert.Equal(before, Hash(cif));
    }

    [Fact]
    public void ASymbolicLinkToTheInputIsRefused()
    {
        using var tmp = new TempDir();
        var cif = tmp.File("a.cif");
        File.WriteAllText(cif, Prototypes.All.First(p => p.Name.Contains("Li3N")).CifText);
        var before = Hash(cif);
        var link = tmp.File("link.cif");
        File.CreateSymbolicLink(link, cif);
        var r = CliHarness.Run("structure", "convert", cif, link);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("resolve to", r.Stderr);
        Assert.Equal(before, Hash(cif));
        // and a linked folder: out/a.cif where out -> the input's folder
        var dirLink = tmp.File("alias");
        Directory.CreateSymbolicLink(dirLink, tmp.Path);
        var r2 = CliHarness.Run("structure", "convert", cif, Path.Combine(dirLink, "a.cif"));
        Assert.Equal(1, r2.ExitCode);
        Assert.Equal(before, Hash(cif));
        // reading through the link and writing the real path is the same file too
        var r3 = CliHarness.Run("structure", "convert", link, cif);
        Assert.Equal(1, r3.ExitCode);
        Assert.Equal(before, Hash(cif));
    }

    [Fact]
    public void ResolveFollowsLinksInEveryComponent()
    {
        using var tmp = new TempDir();
        Directory.CreateDirectory(tmp.File("real"));
        File.WriteAllText(Path.Combine(tmp.File("real"), "x.txt"), "x");
        Directory.CreateSymbolicLink(tmp.File("l1"), "real");           // relative target
        File.CreateSymbolicLink(tmp.File("l2.txt"), Path.Combine("l1", "x.txt")); // link through a link
        var real = OutputGuard.Resolve(Path.Combine(tmp.File("real"), "x.txt"));
        Assert.Equal(real, OutputGuard.Resolve(Path.Combine(tmp.File("l1"), "x.txt")));
        Assert.Equal(real, OutputGuard.Resolve(tmp.File("l2.txt")));
        Assert.Equal(Path.GetFullPath(tmp.File("missing/y.txt")), OutputGuard.Resolve(tmp.File("missing/y.txt")));
        // a loop of links is refused, not followed forever
        File.CreateSymbolicLink(tmp.File("loopA"), tmp.File("loopB"));
        File.CreateSymbolicLink(tmp.File("loopB"), tmp.File("loopA"));
        Assert.Throws<NitrolyteInputException>(() => OutputGuard.Resolve(tmp.File("loopA")));
    }

    [Fact]
    public void EvaluateRefusesAReportFolderThatHoldsItsData()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("s.csv"), "T_C,sigma_s_per_cm\n25,1e-4\n50,3e-4\n75,7e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: m\ndata:\n  - technique: conductivity_table\n    file: s.csv\n");
        var before = Hash(tmp.File("s.csv"));
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.Path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("holds the input file", r.Stderr);
        Assert.Equal(before, Hash(tmp.File("s.csv")));
        Assert.Equal(2, Directory.GetFileSystemEntries(tmp.Path).Length);
        // the parent folder of the data is refused as well (the report folder is replaced as a whole)
        var r2 = CliHarness.Run("evaluate", tmp.File("manifest.yaml"), "--out", Path.GetDirectoryName(tmp.Path)!);
        Assert.Equal(1, r2.ExitCode);
    }

    [Fact]
    public void OrderRefusesAnInputNamedLikeItsOutputs()
    {
        using var tmp = new TempDir();
        var cif = tmp.File("ordered_001.cif");
        File.WriteAllText(cif, Prototypes.All.First(p => p.Name.Contains("Li3N")).CifText);
        var before = Hash(cif);
        var r = CliHarness.Run("order", cif, "--out", tmp.Path, "--format", "cif", "--samples", "5", "--keep", "2", "--random", "0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("name of an output", r.Stderr);
        Assert.Equal(before, Hash(cif));
    }

    [Fact]
    public void OptionalOutputsOfAnalysesAreGuardedToo()
    {
        using var tmp = new TempDir();
        var cif = tmp.File("a.cif");
        File.WriteAllText(cif, Prototypes.All.First(p => p.Name.Contains("Li3N")).CifText);
        var before = Hash(cif);
        Assert.Equal(1, CliHarness.Run("xrd", cif, "--profile", cif).ExitCode);
        Assert.Equal(1, CliHarness.Run("pdf", cif, "--csv", cif).ExitCode);
        Assert.Equal(1, CliHarness.Run("bvse", cif, "--cube", cif).ExitCode);
        Assert.Equal(before, Hash(cif));
    }
}
