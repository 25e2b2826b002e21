using System.Xml.Linq;
using Kabin.StartupTypes;

namespace Kabin.Host.Tests;

[CollectionDefinition(nameof(StartupTypesTests), DisableParallelization = true)]
public sealed class StartupTypesRunAlone;

/// <summary>
/// The committed <c>startup-types.rd.xml</c> lists every closed generic type DI builds while each
/// function's host starts and answers its first requests; a missing one is assembled at run time
/// by the AOT type loader and slows every cold start. Alone in its collection, so that other
/// tests' hosts do not add their types to the recording.
/// </summary>
[Collection(nameof(StartupTypesTests))]
public sealed class StartupTypesTests
{
    [Fact]
    public async Task The_committed_startup_types_cover_what_the_hosts_build_before_their_first_replies()
    {
        var file = Path.Combine(Api.Api.RepositoryRoot(), "functions", "Kabin.Host", "startup-types.rd.xml");
        var committed = XDocument.Load(file).Descendants()
            .Where(element => element.Name.LocalName == "Type")
            .Select(element => (string)element.Attribute("Name")!)
            .ToHashSet(StringComparer.Ordinal);

        var recorded = await StartupTypeGeneration.RecordAsync(TextWriter.Null);

        Assert.True(recorded.Count > 50, $"Only {recorded.Count} types were recorded: is the container's event source still emitting CallSiteBuilt?");
        var missing = recorded.Select(ReflectionTypeNames.RdXmlName).Where(name => !committed.Contains(name)).ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} types are not in {file}; run `dotnet run --project tests/Kabin.StartupTypes` and commit the file:\n"
            + string.Join('\n', missing));
    }
}
