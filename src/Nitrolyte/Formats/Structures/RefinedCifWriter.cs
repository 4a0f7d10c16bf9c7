using System.Globalization;
using System.Text;
using Nitrolyte.Diffraction.Refinement;

namespace Nitrolyte.Formats.Structures;

/// <summary>
/// A refined phase as a CIF with standard uncertainties in the CIF convention, value(su) in units of the last
/// digit ("5.35061(3)"; two su digits when they start with 1): the cell, every position of the P1-expanded
/// structure with its refined occupancy and B_iso (and the s.u. of its coordinates when they were refined), and the agreement factors. Readable back by CifReader.
/// </summary>
public static class RefinedCifWriter
{
    public static string ToText(RefinedPhase ph, PowderRefinementResult r, double wavelengthA, bool neutron)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var name = new string(ph.Name.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray());
        sb.AppendLine("# written by Nitrolyte (xrd refine): " + (r.Mode == RefinementMode.Rietveld ? "Rietveld" : "Le Bail") + " refinement");
        sb.AppendLine($"data_{(name.Length > 0 ? name : "phase")}");
        sb.AppendLine(string.Format(inv, "_refine_ls_wR_factor_all   {0:0.#####}", r.Rwp));
        sb.AppendLine(string.Format(inv, "_pd_proc_ls_prof_wR_factor   {0:0.#####}", r.Rwp));
        sb.AppendLine(string.Format(inv, "_pd_proc_ls_prof_R_factor   {0:0.#####}", r.Rp));
        sb.AppendLine(string.Format(inv, "_refine_ls_goodness_of_fit_all   {0:0.####}", Math.Sqrt(r.ChiSquare)));
        sb.AppendLine(string.Format(inv, "_diffrn_radiation_wavelength   {0:0.######}", wavelengthA));
        sb.AppendLine($"_diffrn_radiation_probe   {(neutron ? "neutron" : "x-ray")}");
        sb.AppendLine("_symmetry_space_group_name_H-M   'P 1'");
        if (ph.Refined.SpaceGroup is not null) sb.AppendLine($"# space group of the starting model: {ph.Refined.SpaceGroup} (constraints: {ph.CrystalSystem} metric); positions listed in P1");
        string[] tags = ["_cell_length_a", "_cell_length_b", "_cell_length_c", "_cell_angle_alpha", "_cell_angle_beta", "_cell_angle_gamma"];
        for (int i = 0; i < 6; i++) sb.AppendLine($"{tags[i]}   {Su(ph.Cell[i], ph.CellStdErr[i], i < 3 ? 6 : 4)}");
        sb.AppendLine($"_cell_volume   {Su(ph.VolumeA3, ph.VolumeStdErrA3, 4)}");
        if (r.AnomalousTerms.Count > 0)
        {
            sb.AppendLine("loop_");
            sb.AppendLine(" _atom_type_symbol");
            sb.AppendLine(" _atom_type_scat_dispersion_real");
            sb.AppendLine(" _atom_type_scat_dispersion_imag");
            sb.AppendLine(" _atom_type_scat_source");
            foreach (var (el, fp, fpp) in r.AnomalousTerms)
                sb.AppendLine(string.Format(inv, "  {0} {1:0.####} {2:0.####} 'NIST FFAST (Chantler 2000)'", el, fp, fpp));
        }
        sb.AppendLine("loop_");
        sb.AppendLine(" _symmetry_equiv_pos_as_xyz");
        sb.AppendLine("  'x, y, z'");
        sb.AppendLine("loop_");
        sb.AppendLine(" _atom_site_label");
        sb.AppendLine(" _atom_site_type_symbol");
        sb.AppendLine(" _atom_site_fract_x");
        sb.AppendLine(" _atom_site_fract_y");
        sb.AppendLine(" _atom_site_fract_z");
        sb.AppendLine(" _atom_site_occupancy");
        sb.AppendLine(" _atom_site_B_iso_or_equiv");
        var occ = ph.Occupancies.ToLookup(o => (o.Site, o.Element));
        var biso = ph.Biso.ToDictionary(b => b.Site);
        for (int si = 0; si < ph.Refined.Sites.Count; si++)
            foreach (var sp in ph.Refined.Sites[si].Species)
            {
                var site = ph.Refined.Sites[si];
                var su = ph.PositionStdErr is { } pe ? pe[si] : (0, 0, 0);
                var o = occ[(site.Label, sp.Element)].FirstOrDefault();
                string oc = o is not null && (o.Refined || o.Constrained) ? Su(o.Value, o.StdErr, 5) : sp.Occupancy.ToString("0.#####", inv);
                string b = biso.TryGetValue(site.Label, out var bb) ? (bb.Refined ? Su(bb.ValueA2, bb.StdErrA2, 3) : bb.ValueA2.ToString("0.###", inv)) : "?";
                sb.AppendLine(string.Format(inv, "  {0}  {1}  {2}  {3}  {4}  {5}  {6}", site.Label, sp.Element, Su(site.FracA, su.Item1, 6), Su(site.FracB, su.Item2, 6), Su(site.FracC, su.Item3, 6), oc, b));
            }
        if (ph.Coordinates.Count > 0)
        {
            sb.AppendLine("# refined free coordinates (asymmetric unit, under the site symmetry of the starting model):");
            foreach (var c in ph.Coordinates)
                sb.AppendLine($"#   {c.Site}: x = {Su(c.X, c.XStdErr, 6)}, y = {Su(c.Y, c.YStdErr, 6)}, z = {Su(c.Z, c.ZStdErr, 6)} (free: {c.Free}; site symmetry of order {c.SiteSymmetryOrder}, {c.Multiplicity} positions)");
        }
        return sb.ToString();
    }

    /// <summary>value(su) in the CIF convention; a zero or undefined su gives the plain value with <paramref name="fallbackDecimals"/>.</summary>
    public static string Su(double value, double su, int fallbackDecimals)
    {
        var inv = CultureInfo.InvariantCulture;
        if (!(su > 0) || !double.IsFinite(su)) return value.ToString("F" + fallbackDecimals, inv);
        int e = (int)Math.Floor(Math.Log10(su));
        double lead = su / Math.Pow(10, e);
        int dec = lead < 2 ? 1 - e : -e;
        if (dec < 0) dec = 0;
        dec = Math.Min(dec, 12);
        long digits = (long)Math.Round(su * Math.Pow(10, dec));
        if (digits >= 20 && lead < 2 && dec > 0) { dec--; digits = (long)Math.Round(su * Math.Pow(10, dec)); }
        return value.ToString("F" + dec, inv) + "(" + digits.ToString(inv) + ")";
    }
}
