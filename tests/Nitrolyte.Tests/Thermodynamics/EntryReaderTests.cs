using System.IO.Compression;
using Nitrolyte.Core;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Tests.Support;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Tests.Thermodynamics;

public class EntryReaderTests
{
    [SharedDataFact]
    public void ReadsPymatgenComputedEntryJson()
    {
        var set = EntryReader.Read(SharedData.TestData("dft_entries/matgenb/lpo_entries.json"));
        Assert.Equal(6, set.Entries.Count);
        var e = set.Entries[0];
        Assert.Equal(-108.02831451, e.EnergyEV, 1e-10);
        Assert.Equal(8, e.Composition["Li"]);
        Assert.Equal(4, e.Composition["P"]);
        Assert.Equal(14, e.Composition["S"]);
        Assert.Equal("GGA", e.Metadata["run_type"]);
        Assert.Contains(set.Entries, x => Math.Abs(x.EnergyEV - -214.69069005) < 1e-10);
        Assert.Contains(set.Entries, x => Math.Abs(x.EnergyEV - -65.88169745) < 1e-10);
        Assert.Contains(set.Entries, x => Math.Abs(x.EnergyEV - -257.4564878) < 1e-10);
    }

    [SharedDataFact]
    public void VasprunFinalEnergyIgnoresTheZeroE0Field()
    {
        var s = VasprunReader.Read(SharedData.TestData("dft_entries/matgenb/vasprun.xml.relax2.gz"));
        Assert.Equal(-216.72565299, s.FinalEnergyEV, 1e-8);
        Assert.Equal(-216.72565299, s.FinalEnergyWithoutEntropyEV!.Value, 1e-8);
        Assert.Equal(0.0, s.PrintedE0EnergyEV!.Value); // the VASP 5.4.1 quirk: printed 0.0
        Assert.Equal(4, s.IonicSteps);
        Assert.Equal(24, s.Composition["Li"]);
        Assert.Equal(4, s.Composition["P"]);
        Assert.Equal(20, s.Composition["S"]);
        Assert.Equal(4, s.Composition["Cl"]);
        var e = EntryReader.Read(SharedData.TestData("dft_entries/matgenb/vasprun.xml.relax2.gz")).Entries.Single();
        Assert.Equal(52, e.Composition.TotalAtoms);
        Assert.Equal("Li6PS5Cl", e.Name);
    }

    [Fact]
    public void ReadsDictsListsAndAdjustments()
    {
        using var tmp = new TempDir();
        var p = tmp.File("mp.json");
        File.WriteAllText(p, """
            {"mp-1": {"@class": "ComputedStructureEntry", "energy": -10.0, "energy_adjustments": [{"value": -0.5}, {"adj_per_atom": 0.1, "n_atoms": 2}],
                      "structure": {"sites": [{"species": [{"element": "Li", "occu": 1}]}, {"species": [{"element": "Li", "occu": 1}]}, {"species": [{"element": "O", "occu": 1}]}]}},
             "mp-2": {"composition": "Li", "energy_per_atom": -1.9}}
            """);
        var set = EntryReader.Read(p);
        Assert.Equal(2, set.Entries.Count);
        var li2o = set.Entries.Single(e => e.Id == "mp-1");
        Assert.Equal(-10.3, li2o.EnergyEV, 1e-12);
        Assert.Equal(-0.3, li2o.CorrectionEV, 1e-12);
        Assert.Equal(2, li2o.Composition["Li"]);
        Assert.Equal(-1.9, set.Entries.Single(e => e.Id == "mp-2").EnergyEV, 1e-12);
    }

    [Theory]
    [InlineData("bad.json", "[{\"energy\": -1.0}]", "composition")]
    [InlineData("bad2.json", "[{\"composition\": {\"Li\": 1}}]", "energy")]
    [InlineData("bad3.json", "[{\"composition\": {\"Li\": 1}, \"energy\": ", "invalid JSON")]
    [InlineData("bad.csv", "Name,Li,O,Final energy\nLi2O,2,1,abc\n", "not a number")]
    [InlineData("bad2.csv", "Name,Li,Q,Final energy\n", "neither an element")]
    [InlineData("bad3.csv", "Name,Li,O,Final energy\nLi2O,2,1\n", "expected 4 cells")]
    [InlineData("vasprun.xml", "<modeling><atominfo><atoms>1</atoms></atominfo>", "vasprun")]
    [InlineData("vasprun2.xml", "<modeling><calculation><energy><i name=\"e_fr_energy\">-1</i></energy></calculation></modeling>", "atominfo")]
    public void BadInputIsAFormatException(string name, string content, string expected)
    {
        using var tmp = new TempDir();
        var p = tmp.File(name);
        File.WriteAllText(p, content);
        var ex = Assert.Throws<NitrolyteFormatException>(() => EntryReader.Read(p));
        Assert.Contains(expected, ex.Message);
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void TruncatedGzipVasprunIsAFormatException()
    {
        using var tmp = new TempDir();
        var p = tmp.File("vasprun.xml.gz");
        using (var fs = File.Create(p))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
        using (var w = new StreamWriter(gz)) w.Write("<modeling><atominfo><array name=\"atoms\"><set><rc><c>Li</c><c>1</c></rc>");
        var bytes = File.ReadAllBytes(p);
        File.WriteAllBytes(p, bytes[..(bytes.Length / 2)]);
        Assert.Throws<NitrolyteFormatException>(() => EntryReader.Read(p));
    }

    [Fact]
    public void CsvDuplicatesAreDropped()
    {
        using var tmp = new TempDir();
        var p = tmp.File("e.csv");
        File.WriteAllText(p, "Name,Li,O,Final energy\nLi,1,0,-1.9\nLi,1,0,-1.9\nO2,0,2,-9\nLi2O,2,1,-14.3\n");
        var set = EntryCsvReader.Read(p);
        Assert.Equal(3, set.Entries.Count);
        Assert.Equal(1, set.DuplicatesDropped);
    }

    [Fact]
    public void ReadsApiResponsesSavedDiagramsAndPerAtomCsv()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("api.json"), """{"data": [{"material_id": "mp-1", "composition": {"Li": 2, "O": 1}, "energy_per_atom": -4.7}], "meta": {}}""");
        var api = EntryReader.Read(tmp.File("api.json")).Entries.Single();
        Assert.Equal(-14.1, api.EnergyEV, 1e-12);
        Assert.Equal("mp-1", api.Id);
        File.WriteAllText(tmp.File("pd.json"), """{"@class": "PhaseDiagram", "all_entries": [{"@class": "PDEntry", "composition": {"Li": 1}, "energy": -1.9, "name": "Li"}]}""");
        Assert.Equal(-1.9, EntryReader.Read(tmp.File("pd.json")).Entries.Single().EnergyEV, 1e-12);
        File.WriteAllText(tmp.File("pa.csv"), "formula,Li,O,energy_per_atom\nLi2O,2,1,-4.7\n");
        Assert.Equal(-14.1, EntryReader.Read(tmp.File("pa.csv")).Entries.Single().EnergyEV, 1e-12);
    }
}
