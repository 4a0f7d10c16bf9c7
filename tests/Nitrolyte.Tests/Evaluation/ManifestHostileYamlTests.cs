using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Evaluation;

/// <summary>Hostile manifests (issue 14): refused with one line, in bounded memory, never a stack overflow.</summary>
public class ManifestHostileYamlTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private (NitrolyteFormatException Error, long AllocatedBytes) Refuse(string yaml)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("manifest.yaml"), yaml);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<NitrolyteFormatException>(() => Manifest.Load(tmp.File("manifest.yaml")));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.DoesNotContain('\n', e.Message);
        output.WriteLine($"{Encoding.UTF8.GetByteCount(yaml)} bytes: {allocated / 1e6:0.00} MB allocated: {e.Message}");
        return (e, allocated);
    }

    [Fact]
    public void SelfReferencingAnchorIsRefused()
    {
        var yaml = "material: m\nxy: &a [*a, 10]\n";
        Assert.Equal(28, Encoding.UTF8.GetByteCount(yaml));
        var (e, bytes) = Refuse(yaml);
        Assert.Contains("refers to its own anchor", e.Message);
        Assert.InRange(bytes, 0, 200L << 20);
        var (e2, _) = Refuse("material: m\nx: &a {k: *a}\n");
        Assert.Contains("own anchor &a", e2.Message);
    }

    [Fact]
    public void DeeplyNestedFlowSequenceIsRefusedBeforeTheStackOverflows()
    {
        int depth = 40_000;
        var yaml = "material: m\nx: " + new string('[', depth) + new string(']', depth) + "\n";
        Assert.InRange(yaml.Length, 80_000, 81_000);
        var (e, bytes) = Refuse(yaml);
        Assert.Contains($"nesting deeper than {ManifestYaml.MaxDepth} levels", e.Message);
        Assert.InRange(bytes, 0, 200L << 20);
        // block nesting and mappings too
        var (e2, _) = Refuse("material: m\nx: " + string.Concat(Enumerable.Repeat("{a: ", 5000)) + "1" + new string('}', 5000) + "\n");
        Assert.Contains("nesting deeper", e2.Message);
    }

    [Fact]
    public void AliasBombIsRefusedWithinBoundedMemory()
    {
        var sb = new StringBuilder("material: m\na: &a [x,x,x,x,x,x,x,x,x]\n");
        for (char c = 'b'; c <= 'i'; c++)
            sb.Append($"{c}: &{c} [{string.Join(",", Enumerable.Repeat($"*{(char)(c - 1)}", 9))}]\n");
        var yaml = sb.ToString();
        Assert.InRange(Encoding.UTF8.GetByteCount(yaml), 300, 400); // 9^9 = 387 million values if expanded
        var (e, bytes) = Refuse(yaml);
        Assert.Contains("alias bomb", e.Message);
        Assert.InRange(bytes, 0, 200L << 20);
    }

    [Fact]
    public void TooManyAliasesAreRefused()
    {
        var yaml = "material: m\nv: &v 1\nlist: [" + string.Join(",", Enumerable.Repeat("*v", ManifestYaml.MaxAliases + 1)) + "]\n";
        var (e, _) = Refuse(yaml);
        Assert.Contains("aliases", e.Message);
    }

    [Fact]
    public void NonScalarKeysDuplicateKeysAndNonFiniteNumbersGetSpecificMessages()
    {
        Assert.Contains("a key must be a plain name, not a list", Refuse("material: m\n? [a, b]\n: 1\n").Error.Message);
        Assert.Contains("a key must be a plain name, not a mapping", Refuse("material: m\nsample: {{a: 1}: 2}\n").Error.Message);
        Assert.Contains("duplicate key 'material'", Refuse("material: m\nmaterial: n\n").Error.Message);
        var nan = Refuse("material: m\nsample:\n  thickness_mm: .nan\n").Error;
        Assert.Contains("sample.thickness_mm", nan.Message);
        Assert.Contains("not a finite number", nan.Message);
        Assert.Equal(3, nan.Line);
        Assert.Contains("not a finite number", Refuse("material: m\nsample: {thickness_mm: -.inf}\n").Error.Message);
        Assert.Contains("overflows", Refuse("material: m\nsample: {thickness_mm: 1e999}\n").Error.Message);
        Assert.Contains("unknown", Refuse("material: m\ndata: [*nothing]\n").Error.Message.Replace("has no anchor", "unknown"));
    }

    [Fact]
    public void ParserStateErrorsBecomeOneLine()
    {
        // found by the fuzzer: a header cell of examples/li2nh's options line duplicated; YamlDotNet then throws
        // InvalidOperationException (not YamlException) from its parser state machine
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li2nh", "manifest.yaml"));
        int k = Array.FindIndex(lines, l => l.Contains("labels: [before heat treatment"));
        var cells = lines[k].Split(',');
        cells[^1] = cells[1];
        lines[k] = string.Join(',', cells);
        var e = Refuse(string.Join('\n', lines)).Error;
        Assert.Contains("invalid YAML", e.Message);
    }

    [Fact]
    public void OrdinaryAnchorsAndAliasesStillWork()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("s.csv"), "T_C,sigma_s_per_cm\n25,1e-4\n50,3e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"),
            "material: m\nsample: &geo {thickness_mm: 1.5, diameter_mm: 10}\ndata:\n  - technique: conductivity_table\n    file: s.csv\n    sample: *geo\n    label: 'quoted: 1'\n");
        var m = Manifest.Load(tmp.File("manifest.yaml"));
        Assert.Equal(1.5, m.Data[0].Sample.ThicknessMm);
        Assert.Equal(10, m.Data[0].Sample.DiameterMm);
        Assert.Equal("quoted: 1", m.Data[0].Label);
        Assert.Equal(2, m.InputFiles.Count());
    }

    [Fact]
    public void CliPrintsOneLineAndExitsOne()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("manifest.yaml"), "material: m\nx: &a [*a, 1]\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("internal error", r.Stderr);
    }
}
