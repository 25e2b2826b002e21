using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Kabin.Host.Tests;

/// <summary>Kabin is configured by environment variables, so its host does not watch appsettings files unless told to.</summary>
public sealed class ConfigurationWatchTests
{
    [Fact]
    public void The_host_reads_appsettings_files_without_watching_them()
    {
        var sources = JsonSources(KabinHost.CreateBuilder([]));

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.False(source.ReloadOnChange, $"{source.Path} is watched."));
    }

    [Fact]
    public void Asking_for_reloads_still_watches_them()
    {
        var sources = JsonSources(KabinHost.CreateBuilder(["--hostBuilder:reloadConfigOnChange=true"]));

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(source.ReloadOnChange, $"{source.Path} is not watched."));
    }

    private static List<JsonConfigurationSource> JsonSources(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder) =>
        [.. ((IConfigurationBuilder)builder.Configuration).Sources.OfType<JsonConfigurationSource>()];
}
