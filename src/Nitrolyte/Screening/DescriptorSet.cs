namespace Nitrolyte.Screening;

/// <summary>The descriptor names a campaign may ask for, the default set and each one's version (bumped when its
/// computation changes, recorded with every result).</summary>
public static class DescriptorSet
{
    public const string Bvse = "bvse";
    public const string Ewald = "ewald";
    public const string Composition = "composition";
    public const string Bvs = "bvs";
    public const string Bottleneck = "bottleneck";
    public const string Hull = "hull";

    public static readonly IReadOnlyList<string> All = [Bvse, Ewald, Composition, Bvs, Bottleneck, Hull];

    /// <summary>bvse, ewald, composition, bvs (hull only when entries are given; bottleneck on request).</summary>
    public static readonly IReadOnlyList<string> Default = [Bvse, Ewald, Composition, Bvs];

    public static readonly IReadOnlyDictionary<string, string> Versions = new Dictionary<string, string>
    {
        [Bvse] = "1", [Ewald] = "1", [Composition] = "1", [Bvs] = "1", [Bottleneck] = "1", [Hull] = "1",
    };
}
