using System.Globalization;
using System.Numerics;
using System.Text;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Formats.Columns;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Formats.Columns;

/// <summary>
/// The text readers through the shared column layer, end to end (issues 12/14): a spectrum generated from known
/// parameters and written with each header/unit/sign variant comes back in Hz and Ω with the right sign (and fits to
/// the same R); σ(T) tables in every unit give the same Arrhenius fit; cycling CSVs with and without units read in
/// s/V/A and say what was assumed; sign-misread spectra and rows with the wrong cell count are refused.
/// </summary>
public class ColumnReadersTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Circuit Model = Circuit.Parse("R0-p(R1,CPE1)-CPE2");
    private static readonly double[] Truth = [100, 2.0e4, 1e-10, 0.9, 1e-6, 0.85];

    private static (double[] F, Complex[] Z) Spectrum(int perDecade = 8)
    {
        int n = 7 * perDecade + 1;
        var f = Enumerable.Range(0, n).Select(k => 1e6 * Math.Pow(10, -k / (double)perDecade)).ToArray();
        return (f, Model.Simulate(f, Truth));
    }

    private static string R(double x) => x.ToString("R", Inv);

    /// <summary>Writes the spectrum with a header and a per-point cell writer.</summary>
    private static string Write(TempDir dir, string name, string? header, Func<double, Complex, string[]> cells, string sep = ",")
    {
        var (f, z) = Spectrum();
        var sb = new StringBuilder();
        if (header is not null) sb.Append(header).Append('\n');
        for (int i = 0; i < f.Length; i++) sb.Append(string.Join(sep, cells(f[i], z[i]))).Append('\n');
        var path = dir.File(name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    // header, frequency divisor, impedance divisor, imag sign, polar (|Z| and phase), phase in radians
    public static TheoryData<string, double, double, int, bool, bool> Variants => new()
    {
        { "frequency_Hz,Z_real_Ohm,Z_imag_Ohm", 1, 1, 1, false, false },
        { "Freq(Hz),Zre(ohm),-Zim(ohm)", 1, 1, -1, false, false },
        { "Frequency (Hz),Z' (Ω),-Z'' (Ω)", 1, 1, -1, false, false },
        { "freq, Zreal, Zimag", 1, 1, 1, false, false },
        { "f/Hz,Z' / kOhm,Z'' / kOhm", 1, 1e3, 1, false, false },
        { "f/mHz,Z'/Ohm,-Z''/Ohm", 1e-3, 1, -1, false, false },
        { "Freq/kHz,Zre/MOhm,-Zim/MOhm", 1e3, 1e6, -1, false, false },
        { "f (Hz),Z' (mΩ),Z'' (mΩ)", 1, 1e-3, 1, false, false },
        { "freq/Hz,Re(Z)/Ohm,-Im(Z)/Ohm", 1, 1, -1, false, false },
        { "\"Freq (Hz)\",\"Z′ (kΩ)\",\"-Z″ (kΩ)\"", 1, 1e3, -1, false, false },
        { "Freq (Hz),|Z| (MΩ),Phase (rad)", 1, 1e6, 1, true, true },
        { "Freq (Hz),|Z| (Ohm),Phase (deg)", 1, 1, 1, true, false },
        { "f (kHz),|Z| (kOhm),-Phase (°)", 1e3, 1e3, -1, true, false },
        { "Frequency,Zmod,-Phase", 1, 1, -1, true, false },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void EveryHeaderVariantReadsBackInHzAndOhm(string header, double fUnit, double zUnit, int imSign, bool polar, bool rad)
    {
        using var dir = new TempDir();
        var path = Write(dir, "s.csv", header, (f, z) => polar
            ? [R(f / fUnit), R(z.Magnitude / zUnit), R(imSign * (rad ? z.Phase : z.Phase * 180 / Math.PI))]
            : [R(f / fUnit), R(z.Real / zUnit), R(imSign * z.Imaginary / zUnit)]);
        var s = ImpedanceReader.Read(path);
        var (f0, z0) = Spectrum();
        Assert.Equal(f0.Length, s.Count);
        for (int i = 0; i < s.Count; i++)
        {
            Assert.Equal(f0[i], s.FrequenciesHz[i], f0[i] * 1e-12);
            Assert.True((s.Z[i] - z0[i]).Magnitude <= 1e-9 * z0[i].Magnitude, $"point {i}: {s.Z[i]} vs {z0[i]}");
        }
        // provenance: the columns read, their units and signs
        Assert.NotNull(s.Columns);
        Assert.Equal(1, s.Columns!.Get("frequency")!.Position);
        Assert.Equal(imSign, s.Columns.Get(polar ? "phase" : "imag")!.Sign);
        bool unitless = !header.Contains('(') && !header.Contains('/') && !header.Contains('_');
        Assert.Equal(unitless ? 3 : 0, s.Columns.Assumptions.Count);
    }

    [Fact]
    public void TheFittedResistanceIsTheSameForKiloOhmAndOhmFiles()
    {
        using var dir = new TempDir();
        var ohm = ImpedanceReader.Read(Write(dir, "ohm.csv", "f/Hz,Z'/Ohm,Z''/Ohm", (f, z) => [R(f), R(z.Real), R(z.Imaginary)]));
        var kohm = ImpedanceReader.Read(Write(dir, "kohm.csv", "Freq/kHz,Zre/kOhm,-Zim/kOhm", (f, z) => [R(f / 1e3), R(z.Real / 1e3), R(-z.Imaginary / 1e3)]));
        var o = new CircuitFitOptions { MultiStart = 4 };
        var a = CnlsFitter.Fit(ohm, Model, o);
        var b = CnlsFitter.Fit(kohm, Model, o);
        double r1a = a.Parameters.First(p => p.Name == "R1").Value, r1b = b.Parameters.First(p => p.Name == "R1").Value;
        Assert.Equal(Truth[1], r1a, Truth[1] * 1e-4);
        Assert.Equal(r1a, r1b, r1a * 1e-6);
    }

    [Fact]
    public void ColumnsOptionOverridesAHeaderWithoutUnits()
    {
        using var dir = new TempDir();
        var path = Write(dir, "x.csv", "a,b,c", (f, z) => [R(f / 1e3), R(z.Real / 1e3), R(-z.Imaginary / 1e3)]);
        Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(path));
        var s = ImpedanceReader.Read(path, ColumnSpec.Parse("f=a/kHz, re=b/kOhm, im=-c/kOhm"));
        var (f0, z0) = Spectrum();
        Assert.Equal(f0[3], s.FrequenciesHz[3], 1e-6);
        Assert.True((s.Z[3] - z0[3]).Magnitude < 1e-9 * z0[3].Magnitude);
        Assert.All(s.Columns!.Columns, c => Assert.Equal("columns_option", c.Source));
    }

    [Fact]
    public void HeaderlessFileIsFZreZimAndSaysSo()
    {
        using var dir = new TempDir();
        var s = ImpedanceReader.Read(Write(dir, "n.txt", null, (f, z) => [R(f), R(z.Real), R(z.Imaginary)], "\t"));
        Assert.Contains(s.Columns!.Assumptions, a => a.StartsWith("no header: columns 1, 2 and 3 read as f (Hz), Z' (Ohm), Z'' (Ohm)"));
        Assert.Equal(-1, Math.Sign(s.Z[10].Imaginary));
    }

    [Theory]
    [InlineData("f/Hz,Z'/Ohm,Z''/Ohm", -1, "im=-3")]         // −Z'' under a Z'' header
    [InlineData(null, -1, "im=-3")]                           // headerless file with −Z''
    [InlineData("f/Hz,Z'/Ohm,-Z''/Ohm", 1, "im=3")]           // Z'' under a −Z'' header
    public void AllPositiveZImagOnACapacitiveSpectrumIsRefused(string? header, int written, string hint)
    {
        using var dir = new TempDir();
        var path = Write(dir, "s.csv", header, (f, z) => [R(f), R(z.Real), R(written * z.Imaginary)]);
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(path));
        Assert.Contains("is positive (inductive) although |Z| falls with frequency", e.Message);
        Assert.Contains($"--columns \"{hint}\"", e.Message);
        Assert.Contains("s.csv", e.Message);
        // saying so reads it with the right sign
        var s = ImpedanceReader.Read(path, ColumnSpec.Parse(hint));
        Assert.True(s.Z.All(z => z.Imaginary < 0));
    }

    [Fact]
    public void PositivePhaseOnACapacitiveSpectrumIsRefused()
    {
        using var dir = new TempDir();
        var path = Write(dir, "p.csv", "Freq (Hz),|Z| (Ohm),Phase (deg)", (f, z) => [R(f), R(z.Magnitude), R(-z.Phase * 180 / Math.PI)]);
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(path));
        Assert.Contains("--columns \"ph=-3\"", e.Message);
    }

    [Fact]
    public void DegreesUnderARadianHeaderAreRefused()
    {
        using var dir = new TempDir();
        var path = Write(dir, "r.csv", "Freq (Hz),|Z| (Ohm),Phase (rad)", (f, z) => [R(f), R(z.Magnitude), R(z.Phase * 180 / Math.PI)]);
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(path));
        Assert.Contains("beyond ±π rad", e.Message);
        Assert.Contains("--columns \"ph=3/deg\"", e.Message);
        var s = ImpedanceReader.Read(path, ColumnSpec.Parse("ph=3/deg"));
        var (_, z0) = Spectrum();
        Assert.True((s.Z[20] - z0[20]).Magnitude < 1e-9 * z0[20].Magnitude);
    }

    [Fact]
    public void GenuineInductiveTailAndInductiveSpectraAreRead()
    {
        using var dir = new TempDir();
        // a cable inductance: the top ~decade is inductive, the rest capacitive
        var withL = Circuit.Parse("R0-L0-p(R1,CPE1)");
        var f = Enumerable.Range(0, 57).Select(k => 1e6 * Math.Pow(10, -k / 8.0)).ToArray();
        var z = withL.Simulate(f, [10, 1e-6, 1000, 1e-6, 0.9]);
        Assert.InRange(z.Count(v => v.Imaginary > 0), 3, 20);
        var p1 = dir.File("tail.csv");
        File.WriteAllText(p1, "f/Hz,Z'/Ohm,Z''/Ohm\n" + string.Concat(f.Select((x, i) => $"{R(x)},{R(z[i].Real)},{R(z[i].Imaginary)}\n")));
        Assert.Equal(57, ImpedanceReader.Read(p1).Count);
        // a pure R-L: every Z'' positive, but |Z| rises with frequency: inductive, not a sign error
        var rl = Circuit.Parse("R0-L0").Simulate(f, [10, 1e-4]);
        var p2 = dir.File("rl.csv");
        File.WriteAllText(p2, "f/Hz,Z'/Ohm,Z''/Ohm\n" + string.Concat(f.Select((x, i) => $"{R(x)},{R(rl[i].Real)},{R(rl[i].Imaginary)}\n")));
        Assert.Equal(57, ImpedanceReader.Read(p2).Count);
    }

    [Fact]
    public void NegativeZRealIsRefused()
    {
        using var dir = new TempDir();
        var path = Write(dir, "n.csv", "f/Hz,Z'/Ohm,Z''/Ohm", (f, z) => [R(f), R(-z.Real), R(z.Imaginary)]);
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(path));
        Assert.Contains("Z' read from column 'Z'/Ohm' is negative at", e.Message);
        Assert.Contains("--columns", e.Message);
    }

    [Theory]
    [InlineData("f,Z',Z''\n1000,10,-5\n100,20,-10\n10,30,-15\n1,40,-20\n", 0, "")]
    [InlineData("f,Z',Z''\n1000,10,-5\n100,20,-10\n10,30,-15\n1,5,40,0,-20\n", 5, "decimal comma")]
    [InlineData("f,Z',Z''\n1000,0,10,5,-5,2\n100,0,20,5,-10,2\n10,30,-15\n1,40,-20\n", 2, "decimal comma")]
    [InlineData("f,Z',Z''\n1000,10,-5\n100,20\n10,30,-15\n1,40,-20\n", 3, "truncated")]
    [InlineData("f;Z';Z''\n1000;10,5;-5\n100;20;-10\n10;30;-15;7\n", 4, "cells but the header has 3")]
    public void RowsWithAnotherCellCountThanTheHeaderAreRefused(string content, int line, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("c.csv");
        File.WriteAllText(path, content);
        if (line == 0) { Assert.Equal(4, ImpedanceReader.Read(path).Count); return; }
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(path));
        Assert.Contains($"c.csv:{line}:", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void QuotedCellsAreRespected()
    {
        using var dir = new TempDir();
        var path = dir.File("q.csv");
        File.WriteAllText(path, "\"Freq, (Hz)\",\"Z' (Ohm)\",\"Z'' (Ohm)\"\n\"1000,5\",\"10,25\",\"-5,5\"\n100,20,-10\n10,30,-15\n1,40,-20\n");
        var s = ImpedanceReader.Read(path);
        Assert.Equal(1000.5, s.FrequenciesHz[0]);
        Assert.Equal(new Complex(10.25, -5.5), s.Z[0]);
    }

    [Fact]
    public void UnknownUnitAndTwoCandidatesAreRefused()
    {
        using var dir = new TempDir();
        var a = dir.File("a.csv");
        File.WriteAllText(a, "Freq (Hz),Zre (furlong),Zim (Ohm)\n1000,1,-1\n");
        Assert.Contains("'furlong'", Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(a)).Message);
        var b = dir.File("b.csv");
        File.WriteAllText(b, "f (Hz),f (kHz),Zre (Ohm),Zim (Ohm)\n1000,1,1,-1\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(b));
        Assert.Contains("2 columns could hold the frequency", e.Message);
        Assert.Contains("--columns", e.Message);
    }

    [Fact]
    public void ColumnsOptionIsRefusedForFixedInstrumentFormats()
    {
        using var dir = new TempDir();
        var p = dir.File("x.mpt");
        File.WriteAllText(p, "EC-Lab ASCII FILE\n");
        var e = Assert.Throws<NitrolyteInputException>(() => ImpedanceReader.ReadAll(p, ColumnSpec.Parse("f=1")));
        Assert.Contains("--columns applies to text tables", e.Message);
    }

    // ------------------------------------------------------------------ σ(T) tables

    public static TheoryData<string, string, double, bool> SigmaVariants => new()
    {
        // temperature header (°C or K), conductivity header, factor from S/cm to the column's unit, stderr has its own unit
        { "T_C", "sigma_s_per_cm", 1, true },
        { "T (°C)", "sigma (mS/cm)", 1e3, true },
        { "T (K)", "sigma (uS/cm)", 1e6, true },
        { "temperature_K", "sigma_S_per_m", 100, true },
        { "T/°C", "σ (µS cm⁻¹)", 1e6, false },
        { "T (℃)", "conductivity (S/m)", 100, false },
    };

    [Theory]
    [MemberData(nameof(SigmaVariants))]
    public void SigmaTablesInEveryUnitGiveTheSameFit(string tHeader, string sHeader, double factor, bool errWithUnit)
    {
        using var dir = new TempDir();
        bool kelvin = tHeader.Contains('K');
        var temps = new[] { 25.0, 50, 75, 100, 125 };
        var sb = new StringBuilder();
        string unitPart = sHeader.Contains('(') ? sHeader[sHeader.IndexOf('(')..] : sHeader.Contains('_') ? sHeader[sHeader.IndexOf('_')..] : "";
        sb.Append($"{tHeader},{sHeader},{(errWithUnit ? "sigma_stderr" + (unitPart.StartsWith('(') ? " " + unitPart : unitPart) : "err")}\n");
        foreach (var tc in temps)
        {
            double tk = tc + 273.15, sigma = ArrheniusLaw(tk);
            sb.Append($"{R(kelvin ? tk : tc)},{R(sigma * factor)},{R(0.03 * sigma * factor)}\n");
        }
        var path = dir.File("s.csv");
        File.WriteAllText(path, sb.ToString());
        var table = ConductivityTableReader.Read(path);
        Assert.Equal(!kelvin, table.TemperatureWasCelsius);
        for (int i = 0; i < temps.Length; i++)
        {
            Assert.Equal(temps[i] + 273.15, table.Points[i].TemperatureK, 1e-9);
            Assert.Equal(ArrheniusLaw(temps[i] + 273.15), table.Points[i].Value, ArrheniusLaw(temps[i] + 273.15) * 1e-12);
            Assert.Equal(0.03 * table.Points[i].Value, table.Points[i].StdErr, table.Points[i].Value * 1e-12);
        }
        var fit = ArrheniusFitter.Fit(table.Points, ArrheniusForm.Sigma);
        Assert.Equal(0.4, fit.EaEV, 1e-9);
        if (!errWithUnit) Assert.Contains(table.Columns!.Assumptions, a => a.Contains("read in the conductivity's unit"));
    }

    private static double ArrheniusLaw(double tK) => 1e-4 * Math.Exp(-0.4 / PhysicalConstants.BoltzmannEVPerK * (1 / tK - 1 / 298.15));

    [Fact]
    public void SigmaWithoutUnitIsReadAsSPerCmAndSaidSo()
    {
        using var dir = new TempDir();
        var path = dir.File("s.csv");
        File.WriteAllText(path, "T_K,sigma\n300,1e-4\n350,1e-3\n");
        var t = ConductivityTableReader.Read(path);
        Assert.Equal(1e-4, t.Points[0].Value);
        Assert.Contains("conductivity column 'sigma' has no unit: read as S/cm", t.Columns!.Assumptions);
        Assert.Empty(t.Warnings);
        // mS/cm values under a bare "sigma": read as S/cm (said so) and warned about as implausible
        File.WriteAllText(path, "T_K,sigma\n300,2.5\n350,12\n");
        var w = Assert.Single(ConductivityTableReader.Read(path).Warnings);
        Assert.Contains("σ up to 12 S/cm", w);
        Assert.Contains("--columns \"sigma=2/mS/cm\"", w);
    }

    // ------------------------------------------------------------------ cycling CSVs

    [Theory]
    [InlineData("time,voltage,current", 1, 1, 1, 3)]
    [InlineData("time_s,voltage_v,current_a", 1, 1, 1, 0)]
    [InlineData("time/h,Ewe/mV,I/mA", 3600, 1e-3, 1e-3, 0)]
    [InlineData("Test (Sec),Voltage [V],Current [uA]", 1, 1, 1e-6, 0)]
    [InlineData("time_min;Ecell/V;current_µA", 60, 1, 1e-6, 0)]
    public void CyclingCsvsReadInSecondsVoltsAmperes(string header, double t, double v, double i, int assumptions)
    {
        using var dir = new TempDir();
        char sep = header.Contains(';') ? ';' : ',';
        var sb = new StringBuilder(header + "\n");
        for (int k = 0; k < 5; k++) sb.Append(string.Join(sep, R(k * 10.0 / t), R((0.01 + 0.001 * k) / v), R((k < 3 ? 1e-3 : -1e-3) / i))).Append('\n');
        var path = dir.File("c.csv");
        File.WriteAllText(path, sb.ToString());
        var ts = TimeSeriesReader.Read(path);
        Assert.Equal(40, ts.TimeS[4], 1e-9);
        Assert.Equal(0.014, ts.VoltageV[4], 1e-12);
        Assert.Equal(-1e-3, ts.CurrentA[4], 1e-15);
        Assert.Equal(assumptions, ts.Columns!.Assumptions.Count);
        Assert.Equal(assumptions, ts.Warnings.Count);
        if (assumptions > 0) Assert.Contains("current column 'current' has no unit: read as A", ts.Warnings);
    }

    [Fact]
    public void CyclingCsvRowWithDecimalCommasIsRefused()
    {
        using var dir = new TempDir();
        var path = dir.File("c.csv");
        File.WriteAllText(path, "time_s,voltage_v,current_a\n0,0.01,0.001\n10,0,02,0,001\n");
        var e = Assert.Throws<NitrolyteFormatException>(() => TimeSeriesReader.Read(path));
        Assert.Contains("c.csv:3:", e.Message);
        Assert.Contains("decimal comma", e.Message);
    }
}
