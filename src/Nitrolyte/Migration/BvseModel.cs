using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Migration;

/// <summary>
/// The choices that differ between BVSE codes, made explicit. Defaults: the 1/2 factor on the Morse sum,
/// screening factor f = 0.74, 0.1 Å grid.
/// </summary>
public sealed record BvseOptions
{
    /// <summary>The mobile cation (element symbol). Only Li has tabulated pairs.</summary>
    public string MobileIon { get; init; } = "Li";
    /// <summary>Largest grid spacing along each lattice vector, Å: n_i = ceil(|a_i| / spacing).</summary>
    public double GridSpacingA { get; init; } = 0.1;
    /// <summary>True: E = ½ Σ Morse + Σ Coulomb (default); false: E = Σ Morse + Σ Coulomb.</summary>
    public bool MorseHalf { get; init; } = true;
    /// <summary>f in erfc(R / (f (rA + rB))) of the screened Coulomb repulsion.</summary>
    public double ScreeningFactor { get; init; } = 0.74;
    /// <summary>The Coulomb term is cut at this multiple of its screening length f (rA + rB) (erfc(4.5) = 2e-10).</summary>
    public double CoulombCutoffFactor { get; init; } = 4.5;
    /// <summary>Percolation search ceiling above the global minimum, eV: a dimension that does not percolate below it has no barrier (null).</summary>
    public double CeilingEV { get; init; } = 5.0;
    /// <summary>Reports list only sites (local minima) at least this deep, eV: shallower ones are grid-scale wiggles
    /// or cutoff artefacts (the percolation analysis always uses every minimum).</summary>
    public double MinSiteDepthEV { get; init; } = 0.01;
    /// <summary>Threads for the grid (null: all cores).</summary>
    public int? MaxThreads { get; init; }

    /// <summary>The model in one line (recorded in reports, cube headers and `bvse --json`'s "conventions").</summary>
    public string DescribeConventions() =>
        $"E = {(MorseHalf ? "1/2 " : "")}sum Morse (softBV 2020 pairs, occupancy-weighted) + sum screened Coulomb to immobile cations (f = {ScreeningFactor}); other {MobileIon} not included";

    public void Validate()
    {
        if (!(GridSpacingA > 0.005 && GridSpacingA <= 2)) throw new NitrolyteInputException($"grid spacing {GridSpacingA} Å is outside 0.005–2 Å");
        if (!(ScreeningFactor > 0 && ScreeningFactor <= 10)) throw new NitrolyteInputException($"screening factor {ScreeningFactor} must be in (0, 10]");
        if (!(CeilingEV > 0)) throw new NitrolyteInputException($"percolation ceiling {CeilingEV} eV must be positive");
        if (!(CoulombCutoffFactor >= 2)) throw new NitrolyteInputException($"Coulomb cutoff factor {CoulombCutoffFactor} must be at least 2");
    }
}

/// <summary>One contribution to the landscape: a species on a site (occupancy-weighted) interacting with the mobile ion.</summary>
public readonly record struct BvseTerm(
    string Species, string SiteLabel, bool IsMorse,
    double FracA, double FracB, double FracC,
    /// <summary>Morse: occupancy × D0 × (½ or 1); Coulomb: occupancy × 14.4 qA qB (eV, eV Å).</summary>
    double Weight,
    /// <summary>Morse: Rmin; Coulomb: screening length f (rA + rB) (Å).</summary>
    double LengthA,
    /// <summary>Morse: b (Å); unused for Coulomb.</summary>
    double SoftnessB,
    double CutoffA);

/// <summary>The list of terms for a structure and the conventions used to build it.</summary>
public sealed class BvseModel
{
    public required Structure Structure { get; init; }
    public required BvseOptions Options { get; init; }
    public required IReadOnlyList<BvseTerm> Terms { get; init; }
    /// <summary>Morse pairs used, by anion label.</summary>
    public required IReadOnlyDictionary<string, BvsePair> Pairs { get; init; }
    /// <summary>Immobile cations used in the Coulomb term, by label (valence, n, radius).</summary>
    public required IReadOnlyDictionary<string, BvseIon> Cations { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    public double MaxCutoffA => Terms.Count == 0 ? 0 : Terms.Max(t => t.CutoffA);

    /// <summary>
    /// Builds the terms: each non-mobile species on each site, weighted by its occupancy. Anions (negative
    /// valence) get the Morse term of their own pair with the mobile ion; cations get the screened Coulomb term.
    /// Every species of the mobile element is left out (other Li do not interact in this model). Valences come
    /// from the site's oxidation state when given, otherwise from the table (one valence per element).
    /// </summary>
    public static BvseModel Build(Structure structure, BvseOptions? options = null)
    {
        var o = options ?? new BvseOptions();
        o.Validate();
        var mobileIon = BvseParameters.Ion(o.MobileIon);
        if (!BvseParameters.MobileIons.Contains(o.MobileIon) || mobileIon is null)
            throw new NitrolyteInputException($"no BVSE parameters for the mobile ion {o.MobileIon} (tabulated: {string.Join(", ", BvseParameters.MobileIons)})");
        if (mobileIon.RadiusA is null || mobileIon.PrincipalN is null)
            throw new NitrolyteInputException($"no value known for the radius or principal quantum number of {mobileIon.Label}");
        double qa = mobileIon.Valence / Math.Sqrt(mobileIon.PrincipalN.Value);
        var terms = new List<BvseTerm>();
        var pairs = new Dictionary<string, BvsePair>();
        var cations = new Dictionary<string, BvseIon>();
        var notes = new List<string>();
        bool anyMobile = false;
        foreach (var site in structure.Sites)
        {
            foreach (var sp in site.Species)
            {
                if (sp.Occupancy <= 0) continue;
                if (sp.Element == o.MobileIon) { anyMobile = true; continue; }
                var ion = BvseParameters.Ion(sp.Element)
                          ?? throw new NitrolyteInputException($"no BVSE data for {sp.Element} (site {site.Label}): the table covers {string.Join(", ", BvseParameters.Ions.Select(i => i.Label))}");
                int valence = ion.Valence;
                if (sp.OxidationState is double ox)
                {
                    if (Math.Abs(ox - Math.Round(ox)) > 1e-6 || (int)Math.Round(ox) != ion.Valence)
                        throw new NitrolyteInputException($"no BVSE data for {BvseParameters.IonLabel(sp.Element, (int)Math.Round(ox))} on site {site.Label} (the table has {ion.Label} only)");
                    valence = (int)Math.Round(ox);
                }
                if (valence < 0)
                {
                    var pair = BvseParameters.Pair(o.MobileIon, sp.Element);
                    pairs[ion.Label] = pair;
                    terms.Add(new BvseTerm(sp.Element, site.Label, true, site.FracA, site.FracB, site.FracC,
                        sp.Occupancy * pair.D0EV * (o.MorseHalf ? 0.5 : 1.0), pair.RminA, pair.BA, pair.CutoffA));
                }
                else
                {
                    if (ion.RadiusA is null || ion.PrincipalN is null)
                        throw new NitrolyteInputException($"no value known for the BVSE radius of {ion.Label} (site {site.Label}); tabulated cations: " +
                                                          string.Join(", ", BvseParameters.Ions.Where(i => i.Valence > 0 && i.RadiusA is not null).Select(i => i.Label)));
                    cations[ion.Label] = ion;
                    double qb = valence / Math.Sqrt(ion.PrincipalN.Value);
                    double rho = o.ScreeningFactor * (mobileIon.RadiusA.Value + ion.RadiusA.Value);
                    terms.Add(new BvseTerm(sp.Element, site.Label, false, site.FracA, site.FracB, site.FracC,
                        sp.Occupancy * BvseParameters.CoulombEVA * qa * qb, rho, 0, o.CoulombCutoffFactor * rho));
                }
            }
        }
        if (!terms.Any(t => t.IsMorse))
            throw new NitrolyteInputException($"the structure has no anion with BVSE parameters for {o.MobileIon}: nothing binds the mobile ion");
        if (!anyMobile) notes.Add($"the structure contains no {o.MobileIon}: the landscape is that of an inserted {o.MobileIon} ion");
        return new BvseModel { Structure = structure, Options = o, Terms = terms, Pairs = pairs, Cations = cations, Notes = notes };
    }

    /// <summary>The energy (eV) of the mobile ion at one Cartesian point, by a direct sum over all images (reference, slow).</summary>
    public double EnergyAt(double x, double y, double z)
    {
        var lat = Structure.Lattice;
        double cut = MaxCutoffA;
        var inv = lat.InverseMatrix;
        var reach = new int[3];
        for (int d = 0; d < 3; d++)
            reach[d] = (int)Math.Ceiling(cut * Math.Sqrt(inv[0, d] * inv[0, d] + inv[1, d] * inv[1, d] + inv[2, d] * inv[2, d])) + 1;
        double e = 0;
        foreach (var t in Terms)
        {
            for (int i = -reach[0]; i <= reach[0]; i++)
            for (int j = -reach[1]; j <= reach[1]; j++)
            for (int k = -reach[2]; k <= reach[2]; k++)
            {
                var p = lat.ToCartesian(t.FracA + i, t.FracB + j, t.FracC + k);
                double r = Math.Sqrt((p.X - x) * (p.X - x) + (p.Y - y) * (p.Y - y) + (p.Z - z) * (p.Z - z));
                if (r < t.CutoffA) e += TermEnergy(t, r);
            }
        }
        return e;
    }

    /// <summary>Energy of one term at distance r (inside its cutoff), eV.</summary>
    public static double TermEnergy(in BvseTerm t, double r)
    {
        if (t.IsMorse)
        {
            double ex = Math.Exp((t.LengthA - r) / t.SoftnessB);
            return t.Weight * ex * (ex - 2);
        }
        return t.Weight / Math.Max(r, 1e-6) * Erfc(r / t.LengthA);
    }

    /// <summary>Complementary error function, relative error below 1.2e-7 (Chebyshev fit of Press et al.).</summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                   t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
