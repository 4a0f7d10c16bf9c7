using Nitrolyte.Core;

namespace Nitrolyte.Thermodynamics;

public sealed record VacancySite(string Label, double DefectEnergyEV, double FormationEnergyEV);

public sealed record VacancySummary(double HostEnergyEV, double ReferenceEnergyEV, IReadOnlyList<VacancySite> Sites,
    double MeanEV, double MinEV, double MaxEV, string MinSite);

/// <summary>
/// Neutral vacancy formation energy from supercell total energies (seed 002's definition):
/// ΔE_vac = E[defective supercell] + E[Li metal, per atom] − E[pristine supercell]. One value per removed site, then
/// the mean and minimum over sites (seed 002: Li9N2Cl3 mean 1.31 eV; LiCl 4.82; β-Li3N 0.81 (4f) / 1.43 (2b)).
/// </summary>
public static class VacancyFormation
{
    public static VacancySummary Compute(double hostEnergyEV, double referenceEnergyPerAtomEV, IReadOnlyList<(string Label, double EnergyEV)> defects)
    {
        if (!double.IsFinite(hostEnergyEV) || !double.IsFinite(referenceEnergyPerAtomEV)) throw new NitrolyteInputException("host and reference energies must be finite numbers");
        if (defects.Count == 0) throw new NitrolyteInputException("give at least one defective-supercell energy");
        var sites = new List<VacancySite>();
        foreach (var (label, e) in defects)
        {
            if (!double.IsFinite(e)) throw new NitrolyteInputException($"defect energy of {label} is not a finite number");
            sites.Add(new VacancySite(label, e, e + referenceEnergyPerAtomEV - hostEnergyEV));
        }
        var min = sites.OrderBy(s => s.FormationEnergyEV).First();
        return new VacancySummary(hostEnergyEV, referenceEnergyPerAtomEV, sites, sites.Average(s => s.FormationEnergyEV), min.FormationEnergyEV,
            sites.Max(s => s.FormationEnergyEV), min.Label);
    }
}
