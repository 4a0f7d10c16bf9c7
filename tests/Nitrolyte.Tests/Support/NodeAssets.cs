using Nitrolyte.Core;

namespace Nitrolyte.Tests.Support;

/// <summary>
/// The report's plot libraries from npm (node_modules/plotly.js-dist-min, node_modules/3dmol), installed by `npm ci`
/// (test.sh and .ci/run do it). Tests that need them are skipped with this message in a clone where `npm ci` was not
/// run, and always run in CI (CI=true), where a missing install is a failure.
/// </summary>
public static class NodeAssets
{
    public static bool Installed =>
        RepositoryPaths.NodeModuleFile("plotly.js-dist-min/plotly.min.js") is not null && RepositoryPaths.NodeModuleFile("3dmol/build/3Dmol-min.js") is not null
        || RepositoryPaths.RepositoryRoot is { } root && Directory.Exists(Path.Combine(root, "node_modules", "plotly.js-dist-min")) && Directory.Exists(Path.Combine(root, "node_modules", "3dmol"));

    public static bool ShouldSkip => !Installed && Environment.GetEnvironmentVariable("CI") != "true";

    public const string SkipReason = "node_modules not installed (plot libraries for reports): run `npm ci` in the repository, as ./test.sh and .ci/run do";
}

/// <summary>A fact that needs the npm plot libraries (see <see cref="NodeAssets"/>).</summary>
public sealed class NodeAssetsFactAttribute : FactAttribute
{
    public NodeAssetsFactAttribute() { if (NodeAssets.ShouldSkip) Skip = NodeAssets.SkipReason; }
}
