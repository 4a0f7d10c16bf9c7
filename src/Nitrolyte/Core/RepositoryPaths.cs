namespace Nitrolyte.Core;

/// <summary>
/// Finds the project's own folders (node_modules for plot libraries, examples) and the optional
/// ../shared test data, walking up from the running assembly. NITROLYTE_HOME overrides the search.
/// </summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The repository root (the folder holding Nitrolyte.sln), or null when running outside a checkout.</summary>
    public static string? RepositoryRoot => Root.Value;

    /// <summary>The shared folder beside the repository (../shared), or null when absent.</summary>
    public static string? SharedDirectory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("NITROLYTE_SHARED");
            if (!string.IsNullOrEmpty(env)) return Directory.Exists(env) ? env : null;
            if (RepositoryRoot is null) return null;
            var dir = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    /// <summary>A file from an npm package installed by the project (node_modules), or null.</summary>
    public static string? NodeModuleFile(string relativePath)
    {
        if (RepositoryRoot is null) return null;
        var p = Path.Combine(RepositoryRoot, "node_modules", relativePath);
        return File.Exists(p) ? p : null;
    }

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("NITROLYTE_HOME");
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "Nitrolyte.sln"))) return Path.GetFullPath(env);
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            var d = new DirectoryInfo(start);
            while (d is not null)
            {
                if (File.Exists(Path.Combine(d.FullName, "Nitrolyte.sln"))) return d.FullName;
                d = d.Parent;
            }
        }
        return null;
    }
}
