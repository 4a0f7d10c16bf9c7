using System.Globalization;
using System.Text;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Formats.Impedance;

namespace Nitrolyte.Tests.Formats;

/// <summary>A Modulo Bat file whose sequence alternates galvanostatic charge/discharge and PEIS steps: the cycling
/// analyses read the rows without a frequency, the impedance reader the rows with one.</summary>
public class ModuloBatMixedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nl-mb-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private const int Cycles = 3, HalfRows = 61, Freqs = 10;
    private const double IMa = 0.5, Dt = 60;

    private string Generate()
    {
        var head = new List<string> { "EC-Lab ASCII FILE", "Nb header lines : 7", "", "Modulo Bat", "Acquisition started on : 03/15/2021 10:00:00.000", "" };
        var sb = new StringBuilder(string.Join("\n", head) + "\n");
        sb.Append("mode\tox/red\tNs\ttime/s\tEwe/V\tI/mA\tfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\tcycle number\n");
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        double t = 0;
        for (int c = 0; c < Cycles; c++)
        {
            for (int half = 0; half < 2; half++)
            {
                double i = half == 0 ? IMa : -IMa;
                for (int k = 0; k < HalfRows; k++)
                {
                    double e = half == 0 ? 3.5 + 0.005 * k : 3.8 - 0.005 * k;
                    sb.Append($"1\t{(half == 0 ? 1 : 0)}\t{half}\t{F(t)}\t{F(e)}\t{F(i)}\t0\t0\t0\t{c}\n");
                    if (k < HalfRows - 1) t += Dt;
                }
                t += 1;
            }
            for (int k = 0; k < Freqs; k++)
            {
                double f = 1e6 / Math.Pow(10, k * 0.5);
                sb.Append($"3\t0\t2\t{F(t)}\t3.5\t0\t{F(f)}\t{F(100 + 10 * k + c)}\t{F(5.0 * k)}\t{c}\n");
                t += 1;
            }
        }
        var p = Path.Combine(_dir, "mb_mixed.mpt");
        File.WriteAllText(p, sb.ToString(), Encoding.Latin1);
        return p;
    }

    [Fact]
    public void CyclingAnalysisReadsTheCyclingRows()
    {
        var p = Generate();
        var ts = TimeSeriesReader.Read(p, keepExtras: false);
        Assert.Equal(Cycles * 2 * HalfRows, ts.TimeS.Length);
        Assert.Contains(ts.Warnings, w => w.Contains($"{Cycles * Freqs} impedance rows"));
        var r = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 5 });
        Assert.Equal(Cycles, r.Cycles.Count);
        // 0.5 mA for 3600 s = 0.5 mAh each way
        foreach (var c in r.Cycles)
        {
            Assert.Equal(IMa * (HalfRows - 1) * Dt / 3600, c.ChargeMah, 2);
            Assert.Equal(IMa * (HalfRows - 1) * Dt / 3600, c.DischargeMah, 2);
        }
    }

    [Fact]
    public void ImpedanceReaderReadsTheImpedanceRows()
    {
        var spectra = InstrumentAdapters.FromBioLogic(BioLogicReader.Read(Generate()));
        Assert.Equal(Cycles, spectra.Count);
        for (int c = 0; c < Cycles; c++)
        {
            Assert.Equal(Freqs, spectra[c].FrequenciesHz.Length);
            Assert.Equal(1e6, spectra[c].FrequenciesHz[0], 6);
            Assert.Equal(100 + c, spectra[c].Z[0].Real, 9);
            Assert.Equal(-5.0 * (Freqs - 1), spectra[c].Z[^1].Imaginary, 9);
        }
    }

    [Fact]
    public void BdfConversionWritesTheCyclingRowsAndAnImpedanceTable()
    {
        var p = Generate();
        var o = Path.Combine(_dir, "mb.bdf.csv");
        var r = Nitrolyte.Tests.Support.CliHarness.Run("convert", p, "--to", "bdf", "--out", o, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Cycles * 2 * HalfRows + 1, File.ReadAllLines(o).Length);
        var table = File.ReadAllLines(Path.Combine(_dir, "mb.bdf.impedance.csv"));
        Assert.Equal(string.Join(',', SpectraTableWriter.Columns), table[0]);
        Assert.Equal(Cycles * Freqs + 1, table.Length);
        var last = table[^1].Split(',');
        Assert.Equal(Cycles.ToString(), last[0]);                 // spectrum 3
        Assert.Equal((Cycles - 1).ToString(), last[1]);           // EC-Lab cycle number 2
        Assert.Equal(100 + 10 * (Freqs - 1) + Cycles - 1, double.Parse(last[4], CultureInfo.InvariantCulture), 9);
        Assert.Equal(-5.0 * (Freqs - 1), double.Parse(last[5], CultureInfo.InvariantCulture), 9); // Z'' as measured
        Assert.Equal("mb.bdf.impedance.csv", System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "mb.bdf.metadata.json")))!["impedance_table"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(_dir, "mb.bdf.impedance.metadata.json")));
    }

    [Fact]
    public void AnImpedanceOnlyFileIsStillRefusedByTheCyclingReader()
    {
        var sb = new StringBuilder("mode\tNs\ttime/s\tEwe/V\tI/mA\tfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\n");
        for (int k = 0; k < 5; k++) sb.Append($"3\t0\t{k}\t3.5\t0\t{1000.0 / (k + 1)}\t10\t1\n");
        var p = Path.Combine(_dir, "peis.mpt");
        File.WriteAllText(p, sb.ToString());
        var e = Assert.Throws<Nitrolyte.Core.NitrolyteFormatException>(() => TimeSeriesReader.Read(p));
        Assert.Contains("impedance file", e.Message);
        // convert --to bdf writes its spectra as the impedance table
        var o = Path.Combine(_dir, "peis.bdf.csv");
        var r = Nitrolyte.Tests.Support.CliHarness.Run("convert", p, "--to", "bdf", "--out", o);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(string.Join(',', SpectraTableWriter.Columns), File.ReadLines(o).First());
        Assert.Equal(6, File.ReadAllLines(o).Length);
    }
}

/// <summary>EC-Lab files without a "cycle number" column get the cycle that 'cycle full' counts.</summary>
public class DerivedCycleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nl-cyc-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    [Fact]
    public void CycleColumnFilledFromHalfCyclesAndAgreesWithCycleFull()
    {
        // rest, then 4 x (charge 10 rows, rest 2 rows, discharge 10 rows), no cycle number column
        var sb = new StringBuilder("mode\tNs\ttime/s\tEwe/V\tI/mA\n");
        var expected = new List<int>();
        double t = 0; int ns = 0;
        void Row(int mode, double i, int cyc) { sb.Append(FormattableString.Invariant($"{mode}\t{ns}\t{t}\t{3.5 + i * 0.1}\t{i}\n")); expected.Add(cyc); t += 60; }
        for (int k = 0; k < 3; k++) Row(3, 0, 1);
        for (int c = 1; c <= 4; c++)
        {
            ns++; for (int k = 0; k < 10; k++) Row(1, 0.5, c);
            ns++; for (int k = 0; k < 2; k++) Row(3, 0, c);
            ns++; for (int k = 0; k < 10; k++) Row(1, -0.5, c);
        }
        var p = Path.Combine(_dir, "nocyc.mpt");
        File.WriteAllText(p, sb.ToString());
        var ts = TimeSeriesReader.Read(p);
        Assert.Equal(expected.ToArray(), ts.Cycle);
        Assert.Contains(ts.Warnings, w => w.Contains("cycle derived"));
        var r = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 5 });
        Assert.Equal(ts.Cycle!.Max(), r.Cycles.Count);
        // every analysed cycle spans exactly the rows carrying its number
        foreach (var c in r.Cycles)
        {
            int first = Array.IndexOf(ts.Cycle, c.Index), last = Array.LastIndexOf(ts.Cycle, c.Index);
            Assert.True(ts.TimeS[first] <= c.StartS && c.EndS <= ts.TimeS[last]);
        }
        // and convert writes the same numbers
        var o = Path.Combine(_dir, "nocyc.csv");
        var cli = Nitrolyte.Tests.Support.CliHarness.Run("convert", p, "--to", "csv", "--out", o);
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        Assert.Equal(expected.ToArray(), TimeSeriesCsv.Read(o).Cycle);
    }
}
