using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats.Columns;

/// <summary>The manifest option <c>columns</c> in the impedance, conductivity-table and cycling steps, and the
/// provenance ("columns", "assumptions") in report.json.</summary>
public class ColumnsEvaluateTests
{
    [Fact]
    public void ManifestColumnsOptionAndProvenanceInTheReport()
    {
        var inv = CultureInfo.InvariantCulture;
        using var tmp = new TempDir();
        var dir = Path.Combine(tmp.Path, "m");
        Directory.CreateDirectory(dir);
        // a spectrum in kHz and kOhm under a header that says nothing, with -Z''
        var c = Circuit.Parse("R0-p(R1,CPE1)-CPE2");
        var f = Enumerable.Range(0, 49).Select(k => 1e6 * Math.Pow(10, -k / 7.0)).ToArray();
        var z = c.Simulate(f, [20, 4000, 2e-11, 0.92, 1e-6, 0.85]);
        File.WriteAllText(Path.Combine(dir, "pellet_25C.csv"), "a,b,c\n" + string.Concat(f.Select((x, i) => string.Create(inv, $"{x / 1e3:R},{z[i].Real / 1e3:R},{-z[i].Imaginary / 1e3:R}\n"))));
        File.WriteAllText(Path.Combine(dir, "sigma.csv"), "T (°C),sigma (uS/cm)\n26.85,100\n56.85,300\n86.85,750\n116.85,1600\n");
        var cycling = File.ReadAllLines(Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3", "ccd_staircase_generated.csv")).Where(l => !l.StartsWith('#')).Skip(1);
        File.WriteAllLines(Path.Combine(dir, "ccd.csv"), new[] { "time,voltage,current,cycle,step,step_kind" }.Concat(cycling));
        File.WriteAllText(Path.Combine(dir, "manifest.yaml"), """
            material: test
            sample: { diameter_mm: 10, thickness_mm: 1.0 }
            data:
              - technique: eis
                file: pellet_25C.csv
                options: { circuit: "R0-p(R1,CPE1)-CPE2", columns: "f=a/kHz, re=b/kOhm, im=-c/kOhm" }
              - technique: conductivity_table
                file: sigma.csv
              - technique: symmetric_cycling
                file: ccd.csv
                sample: { area_cm2: 0.785 }
                options: { columns: "t=time/s, v=voltage/V" }
            """);
        var r = CliHarness.Run("evaluate", dir, "--out", Path.Combine(tmp.Path, "out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var analyses = r.Json()["analyses"]!.AsObject().Select(kv => kv.Value!).ToList();
        var eis = analyses.First(a => a["circuit"] is not null);
        Assert.Equal("kHz", eis["columns"]!["frequency"]!["unit"]!.GetValue<string>());
        Assert.Equal(-1, eis["columns"]!["imag"]!["sign"]!.GetValue<int>());
        var r1 = eis["fits"]![0]!["parameters"]!.AsArray().First(p => p!["name"]!.GetValue<string>() == "R1")!["value"]!.GetValue<double>();
        Assert.Equal(4000, r1, 4000 * 1e-3);
        var table = analyses.First(a => a["columns"]?["conductivity"] is not null);
        Assert.Equal(1e-4, table["sigma_25c_s_per_cm"]!.GetValue<double>(), 1e-5);
        var cyc = analyses.First(a => a["ccd_ma_per_cm2"] is not null);
        var assumed = cyc["assumptions"]!.AsArray().Select(x => x!.GetValue<string>()).ToList();
        Assert.Equal(["current column 'current' has no unit: read as A"], assumed);
        var html = File.ReadAllText(Path.Combine(tmp.Path, "out", "report.html"));
        Assert.Contains("current column &#39;current&#39; has no unit: read as A", html.Replace("'", "&#39;"));
    }
}
