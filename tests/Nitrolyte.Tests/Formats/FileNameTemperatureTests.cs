using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats;

/// <summary>Temperatures from file names (issue 14): signs, units, C-rates and ambiguity.</summary>
public class FileNameTemperatureTests
{
    [Theory]
    [InlineData("s04147-140deg.txt", 140.0)]   // hyphen after a digit separates: +140
    [InlineData("LLZO_25C.csv", 25.0)]
    [InlineData("run_413K.z", 139.85)]
    [InlineData("LLZO_-20C.csv", -20.0)]
    [InlineData("LLZO_m20C.csv", -20.0)]
    [InlineData("LLZO_minus20C.csv", -20.0)]
    [InlineData("LLZO_neg20C.csv", -20.0)]
    [InlineData("-40C_pellet.mpt", -40.0)]
    [InlineData("T=-30C.csv", -30.0)]
    [InlineData("LLZO −15 °C.csv", -15.0)]
    [InlineData("LLZO_25degC.csv", 25.0)]
    [InlineData("LLZO_25°C.csv", 25.0)]
    [InlineData("LLZO_25 °C.csv", 25.0)]
    [InlineData("LLZO_25p5C.csv", 25.5)]
    [InlineData("LLZO_25,5C.csv", 25.5)]
    [InlineData("LLZO_37.5C.csv", 37.5)]
    [InlineData("pellet_25c.csv", 25.0)]
    [InlineData("LLZO-20C.csv", 20.0)]          // hyphen after a letter separates: +20
    [InlineData("Li3N_25C_2C-rate.csv", 25.0)]
    [InlineData("Li3N_2C-rate_25C.csv", 25.0)]
    [InlineData("Li3N_25C_0.5C.csv", 25.0)]
    [InlineData("Li3N_0.1C_60C.mpr", 60.0)]
    [InlineData("cell_2C_rate_45C.csv", 45.0)]
    [InlineData("sample_300K.csv.gz", 26.85)]
    [InlineData("25C_run1_25C.csv", 25.0)]      // the same temperature twice is not ambiguous
    [InlineData("spectrum.csv", null)]
    [InlineData("Li3N_2C-rate.csv", null)]
    [InlineData("Li3N_0.5C.csv", null)]
    [InlineData("run5kHz.csv", null)]
    [InlineData("LLZO_25Cl.csv", null)]          // Cl is chlorine, not °C
    [InlineData("Li9N2Cl3_pellet.csv", null)]
    [InlineData("sample_C25.csv", null)]
    public void ReadsTheTemperatureOfTheName(string name, double? expected)
    {
        var t = FileNameTemperature.Parse(name);
        if (expected is null) Assert.Null(t);
        else Assert.Equal(expected.Value, t!.Value, 1e-9);
    }

    [Theory]
    [InlineData("Li3N_25C_2C.csv", "'25C' = 25 °C", "'2C' = 2 °C")]
    [InlineData("LLZO_25C_330K.csv", "'25C' = 25 °C", "'330K' = 56.85 °C")]
    [InlineData("a_-20C_20C.csv", "'-20C' = -20 °C", "'20C' = 20 °C")]
    public void AmbiguousNamesAreRefusedListingTheCandidates(string name, string first, string second)
    {
        var e = Assert.Throws<NitrolyteInputException>(() => FileNameTemperature.Parse(name));
        Assert.Contains(name, e.Message);
        Assert.Contains(first, e.Message);
        Assert.Contains(second, e.Message);
        Assert.Contains("--temperatures-c", e.Message);
    }

    [Fact]
    public void TokensExplainWhatWasNotTakenAsATemperature()
    {
        var tokens = FileNameTemperature.Tokens("Li3N_25C_2C-rate_0.5C_-5K.csv");
        Assert.Equal(["25C", "2C-rate", "0.5C", "-5K"], tokens.Select(t => t.Token));
        Assert.Equal(25.0, tokens[0].TemperatureC);
        Assert.Contains("C-rate", tokens[1].Reason);
        Assert.Contains("C-rate", tokens[2].Reason);
        Assert.Contains("kelvin", tokens[3].Reason);
        Assert.Contains("absolute zero", FileNameTemperature.Tokens("x_-300C.csv").Single().Reason);
    }

    [Fact]
    public void EisSeriesReadsSignedTemperaturesFromNames()
    {
        // σ(T) from an exact Arrhenius law at -20, 25 and 60 °C: the fit recovers Ea only if -20 is read as -20.
        using var tmp = new TempDir();
        double ea = 0.40, kB = PhysicalConstants.BoltzmannEVPerK, r25 = 1000;
        foreach (var (token, tc) in new[] { ("-20C", -20.0), ("25C", 25.0), ("60C", 60.0) })
        {
            double t = tc + 273.15, r = r25 * Math.Exp(ea / kB * (1 / t - 1 / 298.15)) * t / 298.15; // σT form
            var lines = new List<string> { "f/Hz,Z'/Ohm,Z''/Ohm" };
            for (int k = 0; k <= 60; k++)
            {
                double f = Math.Pow(10, 7 - k * 0.15), w = 2 * Math.PI * f, c = 1e-11;
                var z = r / new System.Numerics.Complex(1, w * r * c) + 1 / new System.Numerics.Complex(0, w * 1e-6);
                lines.Add(FormattableString.Invariant($"{f:G10},{z.Real:G10},{z.Imaginary:G10}"));
            }
            File.WriteAllLines(tmp.File($"LLZO_{token}_2C-rate.csv"), lines);
        }
        var files = Directory.GetFiles(tmp.Path).OrderBy(x => x).ToArray();
        var r1 = CliHarness.Run(["eis", "series", .. files, "--circuit", "p(R1,C1)-C2", "--temperatures-from-names", "--thickness-mm", "1", "--area-cm2", "1", "--json"]);
        Assert.True(r1.ExitCode == 0, r1.Stderr);
        var j = r1.Json();
        var temps = j["fits"]!.AsArray().Select(s => (double)s!["temperature_c"]!).OrderBy(x => x).ToArray();
        Assert.Equal([-20.0, 25.0, 60.0], temps);
        var arr = j["arrhenius"]!["total"] ?? j["arrhenius"]!["bulk"];
        Assert.Equal(0.40, (double)arr!["ea_ev"]!, 0.01);
    }
}
