using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Diffraction.Refinement;

/// <summary>Anomalous dispersion f′ + i f″ (NIST FFAST tables) in the structure factor of the refinement.</summary>
public class AnomalousDispersionTests(ITestOutputHelper output)
{
    private const double CuKa1 = 1.540593, MoKa1 = 0.709317;

    [Fact]
    public void Table_values_at_a_tabulated_energy_are_the_source_row()
    {
        // FFAST la.nff row (GenX copy): E = 7902.609 eV, f1 = 55.228469, f2 = 9.2671 → f′ = f1 − 57
        var a = ScatteringFactors.AnomalousFor("La", 12398.41984 / 7902.609)!.Value;
        Assert.Equal(55.228469 - 57, a.FPrime, 4);
        Assert.Equal(9.2671, a.FDoublePrime, 4);
        // values quoted in docs/diffraction.md (the table there is computed with the same interpolation)
        var cl = ScatteringFactors.AnomalousFor("Cl", CuKa1)!.Value;
        Assert.Equal(0.352, cl.FPrime, 3);
        Assert.Equal(0.699, cl.FDoublePrime, 3);
        var brMo = ScatteringFactors.AnomalousFor("Br", MoKa1)!.Value;
        Assert.Equal(-0.359, brMo.FPrime, 3);
        Assert.Equal(2.446, brMo.FDoublePrime, 3);
        Assert.Null(ScatteringFactors.AnomalousFor("La", 5.0));      // 2.5 keV: outside the shipped range
        Assert.Null(ScatteringFactors.AnomalousFor("Cs", CuKa1));    // not tabulated
        foreach (var el in new[] { "H", "Li", "B", "C", "N", "O", "Al", "Si", "P", "S", "Cl", "Ti", "Ge", "Br", "Y", "Zr", "In", "I", "La" })
            foreach (var l in new[] { CuKa1, MoKa1, 0.559422, 1.788996 })
                Assert.NotNull(ScatteringFactors.AnomalousFor(el, l));
    }

    [Fact]
    public void Absorption_terms_follow_the_physics()
    {
        double Fpp(string el, double l) => ScatteringFactors.AnomalousFor(el, l)!.Value.FDoublePrime;
        // f″ grows with Z below the edges (Cu Kα): Li < N < O < S < Cl
        Assert.True(Fpp("Li", CuKa1) < Fpp("N", CuKa1) && Fpp("N", CuKa1) < Fpp("O", CuKa1) && Fpp("O", CuKa1) < Fpp("S", CuKa1) && Fpp("S", CuKa1) < Fpp("Cl", CuKa1));
        // away from edges f″ falls with energy (Mo Kα < Cu Kα) ...
        foreach (var el in new[] { "S", "Cl", "I", "La" }) Assert.True(Fpp(el, MoKa1) < Fpp(el, CuKa1), el);
        // ... but Br's K edge (13.47 keV) lies between Cu Kα (8.05 keV) and Mo Kα (17.48 keV): more absorption at Mo
        Assert.True(Fpp("Br", MoKa1) > 1.5 * Fpp("Br", CuKa1));
        // La at Cu Kα: f″ ≈ 9 e (above the L edges), f′ negative
        var la = ScatteringFactors.AnomalousFor("La", CuKa1)!.Value;
        output.WriteLine($"La Cu Kα1: f′ {la.FPrime:0.000}, f″ {la.FDoublePrime:0.000}");
        Assert.InRange(la.FDoublePrime, 8.5, 9.5);
        Assert.InRange(la.FPrime, -2.5, -1.0);
    }

    [Fact]
    public void Structure_factor_of_a_non_centrosymmetric_cell_equals_the_complex_sum()
    {
        var s = new Structure(Lattice.FromParameters(4.1, 4.6, 5.3, 90, 90, 90),
            [new Site("La1", 0, 0, 0, [new SiteSpecies("La", 1)]), new Site("Br1", 0.1, 0.23, 0.37, [new SiteSpecies("Br", 1)])]) { Title = "t" };
        var opt = new RefinementOptions { Wavelength1A = CuKa1, AnomalousDispersion = true, StartBisoA2 = 0.5, XrayPolarisation = true };
        int n = 2001;
        var x = Enumerable.Range(0, n).Select(i => 20 + i * 0.05).ToArray();
        var m = PowderModel.Build(x, new double[n], Enumerable.Repeat(1.0, n).ToArray(), [new RefinementPhase("t", s)], opt);
        var p = m.Params.Select(q => q.Value).ToArray();
        var peaks = new List<PowderModel.PeakInfo>();
        m.Calculate(p, new double[n], null, peaks);
        var la = ScatteringFactors.AnomalousFor("La", CuKa1)!.Value;
        var br = ScatteringFactors.AnomalousFor("Br", CuKa1)!.Value;
        var ph = m.Phases[0];
        int checkedPeaks = 0;
        foreach (var pk in peaks.Take(12))
        {
            var g = ph.Groups[pk.Group];
            double s2 = 1 / (4 * pk.DA * pk.DA);
            double dw = Math.Exp(-0.5 * s2);
            var fLa = new Complex(ScatteringFactors.XrayFor("La").F0(s2) + la.FPrime, la.FDoublePrime) * dw;
            var fBr = new Complex(ScatteringFactors.XrayFor("Br").F0(s2) + br.FPrime, br.FDoublePrime) * dw;
            double sum = 0;
            foreach (var h in g.Hkl)
            {
                var f = fLa + fBr * Complex.Exp(new Complex(0, 2 * Math.PI * (h[0] * 0.1 + h[1] * 0.23 + h[2] * 0.37)));
                sum += f.Magnitude * f.Magnitude;
            }
            double th = Math.Asin(CuKa1 / (2 * pk.DA));
            Assert.Equal(1, pk.Area / (sum * m.Lp(th)), 10);
            checkedPeaks++;
        }
        Assert.True(checkedPeaks >= 10);
    }

    [Fact]
    public void LaB6_simulated_with_anomalous_terms_needs_them_in_the_refinement()
    {
        var lab6 = CifReader.Read(Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "xrd", "LaB6.cif"));
        var truthB = new Dictionary<string, double> { ["La1"] = 0.4, ["B1"] = 0.3 };
        var opt = new RefinementOptions { Wavelength1A = CuKa1, BackgroundTerms = 3, RefinedProfile = "UVW", AnomalousDispersion = true };
        var sim = PowderRefinement.Simulate([new RefinementPhase("s", lab6)], opt, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 140, StepDeg = 0.02, Scales = [0.05], Background = [200, -30], Seed = 9, BisoBySite = truthB });
        var with = PowderRefinement.Refine(sim, [new RefinementPhase("LaB6", lab6)], opt);
        var without = PowderRefinement.Refine(sim, [new RefinementPhase("LaB6", lab6)], opt with { AnomalousDispersion = false });
        double B(PowderRefinementResult r, string site) => r.Phases[0].Biso.Single(b => b.Site == site).ValueA2;
        double E(PowderRefinementResult r, string site) => r.Phases[0].Biso.Single(b => b.Site == site).StdErrA2;
        output.WriteLine($"with: Biso La {B(with, "La1"):0.0000}({E(with, "La1"):0.0000}) B {B(with, "B1"):0.000}({E(with, "B1"):0.000}) χ² {with.ChiSquare:0.000}; without: La {B(without, "La1"):0.0000}({E(without, "La1"):0.0000}) B {B(without, "B1"):0.000}({E(without, "B1"):0.000}) χ² {without.ChiSquare:0.000}");
        Assert.True(Math.Abs(B(with, "La1") - 0.4) < 3 * E(with, "La1"));
        Assert.True(Math.Abs(B(with, "B1") - 0.3) < 3 * E(with, "B1"));
        Assert.InRange(with.ChiSquare, 0.85, 1.2);
        // leaving f′, f″ out is a model error the fit cannot absorb: a biased Biso and/or a worse χ²
        Assert.True(Math.Abs(B(without, "La1") - 0.4) > 3 * E(without, "La1") || without.ChiSquare > with.ChiSquare + 0.05);
        Assert.Contains(with.Notes, n => n.Contains("NIST FFAST") && n.Contains("La f′"));
        Assert.Equal(2, with.AnomalousTerms.Count);
    }
}
