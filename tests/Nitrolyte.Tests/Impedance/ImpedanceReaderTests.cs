using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

public class ImpedanceReaderTests
{
    /// <summary>pyimpspec's mock CIRCUIT_1 (MANIFEST 3c): Z = 100 + 1/(1/200 + jω·0.8e-6) + 1/(1/500 + 4e-4·√(jω)).</summary>
    internal static Complex Circuit1(double f)
    {
        double w = 2 * Math.PI * f;
        var jw = new Complex(0, w);
        return 100 + 1 / (1.0 / 200 + jw * 0.8e-6) + 1 / (1.0 / 500 + 4e-4 * Complex.Sqrt(jw));
    }

    [SharedDataTheory]
    [InlineData("data.z", 1e-6)]
    [InlineData("data-comma.csv", 1e-9)]
    [InlineData("data.dfr", 1e-9)]
    [InlineData("data.i2b", 1e-9)]
    [InlineData("data.P00", 2e-3)] // written with 5 significant digits
    [InlineData("data.idf", 2e-5)] // Ivium, 6 significant digits
    [InlineData("data.ids", 2e-5)]
    public void PyimpspecFilesHoldCircuit1(string file, double relTol)
    {
        var s = ImpedanceReader.Read(SharedData.TestData("other_formats/pyimpspec/" + file));
        Assert.Equal(29, s.Count);
        Assert.Equal(1e4, s.FrequenciesHz[0], 1e-6 * 1e4);
        Assert.Equal(1.0, s.FrequenciesHz[^1], 1e-3);
        for (int i = 0; i < s.Count; i++)
        {
            var expected = Circuit1(s.FrequenciesHz[i]);
            Assert.True((s.Z[i] - expected).Magnitude <= relTol * expected.Magnitude + 1e-8,
                $"{file} point {i}: {s.Z[i]} vs {expected}");
        }
    }

    /// <summary>Every data file of the pyimpspec folder (all instrument formats) reads back as the same spectrum.</summary>
    [SharedDataFact]
    public void EveryPyimpspecFileReadsBackEqual()
    {
        var dir = SharedData.TestData("other_formats/pyimpspec");
        // drift-corrected-data.dta is a different (measured) spectrum, checked in InstrumentAdapterTests
        var files = Directory.GetFiles(dir).Where(f => !Path.GetFileName(f).StartsWith("COPYRIGHT") && !Path.GetFileName(f).StartsWith("LICENSE")
                                                        && !Path.GetFileName(f).StartsWith("drift-corrected")).ToList();
        Assert.True(files.Count >= 10);
        foreach (var file in files)
        {
            var all = ImpedanceReader.ReadAll(file);
            foreach (var s in all)
            {
                Assert.Equal(29, s.Count);
                for (int i = 0; i < s.Count; i++)
                {
                    var expected = Circuit1(s.FrequenciesHz[i]);
                    Assert.True((s.Z[i] - expected).Magnitude <= 2e-3 * expected.Magnitude, $"{Path.GetFileName(file)} point {i}: {s.Z[i]} vs {expected}");
                }
            }
        }
        Assert.Equal(2, ImpedanceReader.ReadAll(Path.Combine(dir, "data.ids")).Count);
    }

    [SharedDataTheory]
    [InlineData("eis/impedance.py/exampleData.csv", 66, 3.1623e-3)]
    [InlineData("eis/impedance.py/exampleDataZPlot.z", 21, 3e5)]
    [InlineData("eis/impedance.py/exampleDataZPlot_noComments.z", 31, 3e5)]
    [InlineData("eis/impedance.py/Circuit3_EIS_1.z", 53, 1.5e5)]
    [InlineData("other_formats/impedance.py/exampleDataAutolab.txt", 41, 1e4)]
    [InlineData("other_formats/impedance.py/exampleDataParstat.txt", 31, 1e4)]
    [InlineData("other_formats/impedance.py/exampleDataVersaStudio.par", 61, 1e5)]
    [InlineData("other_formats/impedance.py/exampleDataPowersuite.txt", 30, 0.1)]
    [InlineData("other_formats/impedance.py/exampleDataCHInstruments.txt", 73, 9.961e4)]
    [InlineData("eis/EISFitpython/EIS_Data/Example-3-4/s04147-140deg.txt", 42, 1e6)]
    [InlineData("eis/EISFitpython/EIS_Data/Example-2/Example2b.txt", 50, 1e6)]
    [InlineData("eis/EISFitpython/EIS_Data/CSV_Example.csv", -1, 1e6)]
    [InlineData("eis/EISFitpython/EIS_Data/Example_noheader.txt", -1, 1e6)]
    public void ReadsInstrumentTextExports(string file, int points, double firstF)
    {
        var s = ImpedanceReader.Read(SharedData.TestData(file));
        if (points > 0) Assert.Equal(points, s.Count);
        Assert.Equal(firstF, s.FrequenciesHz[0], firstF * 1e-4);
    }

    [SharedDataFact]
    public void ExampleDataMatchesImpedancePyArrays()
    {
        var s = ImpedanceReader.Read(SharedData.TestData("eis/impedance.py/exampleData.csv"));
        // first row of test_preprocessing.py's arrays, and the ignoreBelowX count
        Assert.Equal(3.162299999999999833e-03, s.FrequenciesHz[0]);
        Assert.Equal(4.949989776405060160e-02, s.Z[0].Real);
        Assert.Equal(-2.043869854441892481e-02, s.Z[0].Imaginary);
        Assert.Equal(57, s.CapacitiveOnly().Count);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("f,Z',Z''\n", "no data")]
    [InlineData("f,Z',Z''\n1000,1,-2\n100,2\n", "truncated")]
    [InlineData("f,Z',Z''\n1000,1,-2\n100,abc,-3\n", "not a number")]
    [InlineData("f,Z',Z''\n1000,1,-2\n-100,2,-3\n", "negative")]
    [InlineData("temperature,pressure,volume\n1,2,3\n", "no frequency")]
    public void BadInputGivesOneLineError(string content, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("bad.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(path));
        Assert.Contains(expected, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void HeaderSniffingHandlesMinusZImagAndPolar()
    {
        using var dir = new TempDir();
        var a = dir.File("a.txt");
        File.WriteAllText(a, "freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\n1000\t10\t5\n");
        Assert.Equal(new Complex(10, -5), ImpedanceReader.Read(a).Z[0]);
        var b = dir.File("b.csv");
        File.WriteAllText(b, "Frequency (Hz);|Z| (Ohm);Phase (deg)\n1000;2,0;-90\n");
        var z = ImpedanceReader.Read(b).Z[0];
        Assert.Equal(0, z.Real, 12);
        Assert.Equal(-2, z.Imaginary, 12);
    }
}

public class InstrumentAdapterTests
{
    [SharedDataTheory]
    [InlineData("data.mpt")]
    [InlineData("data.dta")]
    public void PyimpspecInstrumentFilesHoldCircuit1(string file)
    {
        var s = ImpedanceReader.Read(SharedData.TestData("other_formats/pyimpspec/" + file));
        Assert.Equal(29, s.Count);
        for (int i = 0; i < s.Count; i++)
        {
            var expected = ImpedanceReaderTests.Circuit1(s.FrequenciesHz[i]);
            Assert.True((s.Z[i] - expected).Magnitude <= 1e-4 * expected.Magnitude, $"{file} point {i}: {s.Z[i]} vs {expected}");
        }
    }

    [SharedDataFact]
    public void PeisMprAgreesWithMpt()
    {
        var a = ImpedanceReader.ReadAll(SharedData.TestData("biologic/yadg/peis.mpr"));
        var b = ImpedanceReader.ReadAll(SharedData.TestData("biologic/yadg/peis.mpt"));
        Assert.Equal(b.Count, a.Count);
        Assert.Equal(1.9999814E+05, b[0].FrequenciesHz[0], 1);
        Assert.Equal(1.0512296E+01, b[0].Z[0].Real, 1e-6);
        Assert.Equal(-7.3047662E-01, b[0].Z[0].Imaginary, 1e-7);
        for (int k = 0; k < a.Count; k++)
        {
            Assert.Equal(b[k].Count, a[k].Count);
            for (int i = 0; i < a[k].Count; i++)
            {
                Assert.True(Math.Abs(a[k].FrequenciesHz[i] / b[k].FrequenciesHz[i] - 1) < 1e-5);
                Assert.True((a[k].Z[i] - b[k].Z[i]).Magnitude <= 1e-5 * b[k].Z[i].Magnitude);
            }
        }
    }

    [SharedDataFact]
    public void MultipleSpectraAndMissingFrequency()
    {
        var many = ImpedanceReader.ReadAll(SharedData.TestData("other_formats/pyimpspec/case-multiple-spectra.mpt"));
        Assert.Equal(3, many.Count);
        Assert.All(many, s => Assert.Equal(29, s.Count));
        var e = Assert.Throws<NitrolyteFormatException>(() => ImpedanceReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataBioLogic_MissingFreq.mpt")));
        Assert.Contains("\"freq/Hz\" not found in column headers", e.Message);
        Assert.Equal(43, ImpedanceReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataBioLogic.mpt")).Count);
        Assert.Equal(72, ImpedanceReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataGamry.DTA")).Count);
        Assert.Equal(72, ImpedanceReader.Read(SharedData.TestData("other_formats/impedance.py/exampleDataGamryABORT.DTA")).Count);
        var drift = ImpedanceReader.ReadAll(SharedData.TestData("other_formats/pyimpspec/drift-corrected-data.dta"));
        Assert.Equal(2, drift.Count);
        Assert.Equal(drift[0].FrequenciesHz, drift[1].FrequenciesHz);
    }
}
