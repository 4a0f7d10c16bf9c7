using System.Globalization;
using System.Numerics;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats.Columns;

/// <summary>--columns and the column provenance through the CLI: JSON "columns"/"assumptions", exit 1 for bad data
/// (a sign-misread spectrum, a missing column), exit 2 for a malformed or mismatched --columns.</summary>
public class ColumnsCliTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string SpectrumFile(TempDir dir, string name, string header, Func<double, Complex, string> row)
    {
        var c = Circuit.Parse("R0-p(R1,CPE1)");
        var f = Enumerable.Range(0, 41).Select(k => 1e6 * Math.Pow(10, -k / 6.0)).ToArray();
        var z = c.Simulate(f, [50, 5000, 1e-9, 0.9]);
        var path = dir.File(name);
        File.WriteAllText(path, header + "\n" + string.Concat(f.Select((x, i) => row(x, z[i]) + "\n")));
        return path;
    }

    [Fact]
    public void FitJsonRecordsColumnsUnitsAndSign()
    {
        using var dir = new TempDir();
        var path = SpectrumFile(dir, "k.csv", "Freq/kHz,Zre/kOhm,-Zim/kOhm", (f, z) => string.Create(Inv, $"{f / 1e3:R},{z.Real / 1e3:R},{-z.Imaginary / 1e3:R}"));
        var r = CliHarness.Run("eis", "fit", path, "--circuit", "R0-p(R1,CPE1)", "--multistart", "4", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(5000, j["parameters"]![1]!["value"]!.GetValue<double>(), 5000 * 1e-6);
        var cols = j["columns"]!;
        Assert.Equal("Freq/kHz", cols["frequency"]!["column"]!.GetValue<string>());
        Assert.Equal("kHz", cols["frequency"]!["unit"]!.GetValue<string>());
        Assert.Equal("kOhm", cols["real"]!["unit"]!.GetValue<string>());
        Assert.Equal(-1, cols["imag"]!["sign"]!.GetValue<int>());
        Assert.Equal(1, cols["real"]!["sign"]!.GetValue<int>());
        Assert.Empty(j["assumptions"]!.AsArray());
        foreach (var sub in new[] { "kk", "drt" })
        {
            var k = CliHarness.Run("eis", sub, path, "--json");
            Assert.True(k.ExitCode == 0, k.Stderr);
            Assert.Equal(-1, k.Json()["columns"]!["imag"]!["sign"]!.GetValue<int>());
        }
    }

    [Fact]
    public void SignRefusalExitsOneAndColumnsOptionReadsIt()
    {
        using var dir = new TempDir();
        var path = SpectrumFile(dir, "s.csv", "f,Zre,Z''", (f, z) => string.Create(Inv, $"{f:R},{z.Real:R},{-z.Imaginary:R}"));
        var bad = CliHarness.Run("eis", "fit", path, "--circuit", "R0-p(R1,CPE1)", "--json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--columns \"im=-3\"", bad.Stderr);
        var ok = CliHarness.Run("eis", "fit", path, "--circuit", "R0-p(R1,CPE1)", "--multistart", "4", "--columns", "im=-3", "--json");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        var j = ok.Json();
        Assert.Equal(5000, j["parameters"]![1]!["value"]!.GetValue<double>(), 5000 * 1e-6);
        Assert.Equal(-1, j["columns"]!["imag"]!["sign"]!.GetValue<int>());
        Assert.Contains(j["assumptions"]!.AsArray(), a => a!.GetValue<string>() == "frequency column 'f' has no unit: read as Hz");
        // human output says what was assumed
        var human = CliHarness.Run("eis", "fit", path, "--circuit", "R0-p(R1,CPE1)", "--multistart", "2", "--columns", "im=-3");
        Assert.Contains("assumed: real column 'Zre' has no unit: read as Ohm", human.Stdout.Replace("\n", " "));
    }

    [Theory]
    [InlineData("f", 2)]                  // not KEY=COLUMN
    [InlineData("zz=1", 2)]               // not a key this file needs
    [InlineData("f=1/parsec", 2)]         // not a frequency unit
    [InlineData("f=Freq", 1)]             // names a column the file lacks: a data error naming the file
    public void BadColumnsOption(string spec, int exit)
    {
        using var dir = new TempDir();
        var path = SpectrumFile(dir, "a.csv", "f/Hz,Z'/Ohm,Z''/Ohm", (f, z) => string.Create(Inv, $"{f:R},{z.Real:R},{z.Imaginary:R}"));
        var r = CliHarness.Run("eis", "fit", path, "--circuit", "R0-p(R1,CPE1)", "--columns", spec);
        Assert.Equal(exit, r.ExitCode);
        Assert.Contains("--columns", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void ArrheniusReadsMicroSiemensAndSPerMAndRecordsIt()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("us.csv"), "T (°C),sigma (uS/cm)\n26.85,100\n56.85,300\n86.85,750\n116.85,1600\n");
        File.WriteAllText(dir.File("sm.csv"), "T_K,sigma_S_per_m\n300,0.01\n330,0.03\n360,0.075\n390,0.16\n");
        File.WriteAllText(dir.File("k.csv"), "T_K,sigma_s_per_cm\n300,1e-4\n330,3e-4\n360,7.5e-4\n390,1.6e-3\n");
        File.WriteAllText(dir.File("pos.csv"), "a,b\n300,0.1\n330,0.3\n360,0.75\n390,1.6\n");
        var reference = CliHarness.Run("arrhenius", dir.File("k.csv"), "--json").Json();
        var us = CliHarness.Run("arrhenius", dir.File("us.csv"), "--json").Json();
        var sm = CliHarness.Run("arrhenius", dir.File("sm.csv"), "--json").Json();
        var pos = CliHarness.Run("arrhenius", dir.File("pos.csv"), "--columns", "T=1/K, sigma=2/mS/cm", "--json");
        Assert.True(pos.ExitCode == 0, pos.Stderr);
        foreach (var j in new[] { us, sm, pos.Json() })
        {
            Assert.Equal(reference["ea_ev"]!.GetValue<double>(), j["ea_ev"]!.GetValue<double>(), 1e-9);
            Assert.Equal(reference["sigma_25c_s_per_cm"]!.GetValue<double>(), j["sigma_25c_s_per_cm"]!.GetValue<double>(), 1e-12);
        }
        Assert.Equal("uS/cm", us["columns"]!["conductivity"]!["unit"]!.GetValue<string>());
        Assert.Equal(1, CliHarness.Run("arrhenius", dir.File("pos.csv")).ExitCode);
    }

    [Fact]
    public void CyclingWithoutUnitsGivesTheSameResultAndSaysSo()
    {
        var example = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3", "ccd_staircase_generated.csv");
        using var dir = new TempDir();
        var lines = File.ReadAllLines(example).Where(l => !l.StartsWith('#')).ToArray();
        Assert.StartsWith("time_s,voltage_v,current_a", lines[0]);
        var plain = dir.File("plain.csv");
        File.WriteAllLines(plain, new[] { "time,voltage,current,cycle,step,step_kind" }.Concat(lines.Skip(1)));
        var mA = dir.File("ma.csv");
        File.WriteAllLines(mA, new[] { "time/h,Ewe/mV,I/mA,cycle,step,step_kind" }.Concat(lines.Skip(1).Select(l =>
        {
            var c = l.Split(',');
            return string.Join(',', new[] { R(P(c[0]) / 3600), R(P(c[1]) * 1e3), R(P(c[2]) * 1e3) }.Concat(c.Skip(3)));
        })));
        var a = CliHarness.Run("cycle", "symmetric", example, "--area-cm2", "0.785", "--json");
        var b = CliHarness.Run("cycle", "symmetric", plain, "--area-cm2", "0.785", "--json");
        var c = CliHarness.Run("cycle", "symmetric", mA, "--area-cm2", "0.785", "--json");
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0 && c.ExitCode == 0, a.Stderr + b.Stderr + c.Stderr);
        foreach (var r in new[] { b, c })
        {
            Assert.Equal(a.Json()["ccd_ma_per_cm2"]!.GetValue<double>(), r.Json()["ccd_ma_per_cm2"]!.GetValue<double>(), 1e-6);
            Assert.Equal(a.Json()["half_cycles"]!.AsArray().Count, r.Json()["half_cycles"]!.AsArray().Count);
        }
        Assert.Contains(b.Json()["assumptions"]!.AsArray(), x => x!.GetValue<string>() == "current column 'current' has no unit: read as A");
        Assert.Equal("mA", c.Json()["columns"]!["current"]!["unit"]!.GetValue<string>());
        Assert.Contains("assumed: current column 'current' has no unit: read as A",
            CliHarness.Run("cycle", "symmetric", plain, "--area-cm2", "0.785").Stdout.Replace("\n", " "));
        // --columns restating the units: nothing assumed any more
        var d = CliHarness.Run("cycle", "symmetric", plain, "--area-cm2", "0.785", "--columns", "t=time/s, v=voltage/V, i=current/A", "--json");
        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Empty(d.Json()["assumptions"]!.AsArray());
        Assert.Equal(2, CliHarness.Run("cycle", "symmetric", plain, "--area-cm2", "0.785", "--columns", "i=current/Ohm").ExitCode);
    }

    private static double P(string s) => double.Parse(s, Inv);
    private static string R(double x) => x.ToString("R", Inv);
}
