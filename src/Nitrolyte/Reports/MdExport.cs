using System.Globalization;
using System.Text;
using Nitrolyte.Dynamics;

namespace Nitrolyte.Reports;

/// <summary>`md msd --csv`: the full MSD curve of an analysis, one row per lag.</summary>
public static class MdExport
{
    public const string MsdCsvHeader = "t_ps,msd_a2,msd_x_a2,msd_y_a2,msd_z_a2,mscd_a2";

    /// <summary>CSV of t (ps), tracer MSD, its x/y/z parts and the collective MSCD (Å²) at every lag, 9 significant digits.</summary>
    public static string MsdCsv(MdAnalysisResult r)
    {
        var sb = new StringBuilder(MsdCsvHeader).Append('\n');
        for (int l = 0; l < r.FrameCount; l++)
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{r.Msd.TimePs(l):G9},{r.Msd.Total[l]:G9},{r.Msd.Directional[0][l]:G9},{r.Msd.Directional[1][l]:G9},{r.Msd.Directional[2][l]:G9},{r.Msd.Collective[l]:G9}\n"));
        return sb.ToString();
    }
}
