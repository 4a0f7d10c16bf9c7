using Nitrolyte.Electrostatics;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Electrostatics;

public class EwaldTests
{
    // pymatgen 2024 (Debian python3-pymatgen) EwaldSummation defaults, from bench/scripts/ewald_reference.py:
    // name, total, real, reciprocal, point (self), charged-cell (eV)
    public static TheoryData<string, string, string, double, double, double, double, double> Cases => new()
    {
        { "CsCl", "cif/pymatgen_structures/CsCl.json", "Cs=1,Cl=-1", -6.96328917951, -0.511010124905, 0.79689792627, -7.24917698087, 0 },
        { "Li2O", "cif/pymatgen_structures/Li2O.json", "Li=1,O=-2", -35.9668243146, -4.71445557198, 2.1169214561, -33.3692901987, 0 },
        { "Li2O_charged", "cif/pymatgen_structures/Li2O.json", "Li=1,O=-1", -19.6675093982, -1.90853214882, 0.834916949084, -16.6846450994, -1.90924909908 },
        { "alpha-Li3N", "cif/OBELiX/gvd.cif", "Li=1,N=-3", -65.6680427399, -11.2572976805, 3.5080980913, -57.9188431507, 0 },
        { "beta-Li3N", "cif/OBELiX/fft.cif", "Li=1,N=-3", -129.532865422, -22.1581277346, 5.12045511582, -112.495192803, 0 },
        { "Li6MnO4", "cif/pymatgen-analysis-diffusion/Li6MnO4.cif", "Li=1,Mn=2,O=-2", -611.154117451, -258.783113346, 0.897334047166, -353.268338152, 0 },
        { "LYPS", "cif/pymatgen-analysis-diffusion/LYPS_Li3Y_PS4_2.cif", "Li=1,Y=3,P=5,S=-2", -3494.58141508, -1849.47173308, 17.9415672189, -1663.05124922, 0 },
    };

    [SharedDataTheory]
    [MemberData(nameof(Cases))]
    public void Agrees_with_pymatgen_to_1e6_relative(string name, string file, string ox, double total, double real, double recip, double self, double charged)
    {
        var s = OxidationStates.Assign(StructureReader.Read(SharedData.TestData(file)), OxidationStates.ParseOverrides(ox));
        var r = Ewald.Compute(s);
        Assert.True(Math.Abs(r.TotalEV - total) <= 1e-6 * Math.Abs(total), $"{name}: total {r.TotalEV} vs {total}");
        Assert.True(Math.Abs(r.RealEV - real) <= 1e-6 * Math.Abs(total), $"{name}: real {r.RealEV} vs {real}");
        Assert.True(Math.Abs(r.ReciprocalEV - recip) <= 1e-6 * Math.Abs(total), $"{name}: recip {r.ReciprocalEV} vs {recip}");
        Assert.True(Math.Abs(r.SelfEV - self) <= 1e-6 * Math.Abs(total), $"{name}: self {r.SelfEV} vs {self}");
        Assert.True(Math.Abs(r.ChargedCellEV - charged) <= 1e-6 * Math.Abs(total), $"{name}: charged {r.ChargedCellEV} vs {charged}");
        Assert.Equal(r.TotalEV - r.ChargedCellEV, r.SiteEnergiesEV.Sum(), 8);
    }

    [Theory]
    [InlineData("Li2S", -117.197102887)]
    [InlineData("LiCl", -39.2464148371)]
    public void Prototypes_agree_with_pymatgen(string name, double total)
    {
        var r = Ewald.Compute(OxidationStates.Assign(Prototypes.Get(name)));
        Assert.True(Math.Abs(r.TotalEV - total) <= 1e-6 * Math.Abs(total), $"{r.TotalEV} vs {total}");
    }

    [Fact]
    public void Total_is_independent_of_eta_and_madelung_constant_of_rock_salt()
    {
        var s = OxidationStates.Assign(Prototypes.Get("LiCl"));
        var a = Ewald.Compute(s, eta: 0.2).TotalEV;
        var b = Ewald.Compute(s, eta: 0.6).TotalEV;
        Assert.Equal(a, b, 7);
        // rock salt Madelung constant 1.747565 with the nearest-neighbour distance a/2, 4 formula units
        double expected = -4 * 1.747565 * Ewald.CoulombEVA / (5.1295 / 2);
        Assert.Equal(expected, a, 3);
    }

    [Fact]
    public void Supercell_energy_scales_with_volume()
    {
        var s = OxidationStates.Assign(Prototypes.Get("alpha-Li3N"));
        var e1 = Ewald.Compute(s).TotalEV;
        var e2 = Ewald.Compute(s.Supercell(new[,] { { 1, 1, 0 }, { -1, 1, 0 }, { 0, 0, 2 } })).TotalEV;
        Assert.Equal(4 * e1, e2, 6);
    }
}
