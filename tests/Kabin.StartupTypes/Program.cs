using Kabin.StartupTypes;

// dotnet run --project tests/Kabin.StartupTypes [-- OUTPUT]   (default functions/Kabin.Host/startup-types.rd.xml)
var output = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("functions", "Kabin.Host", "startup-types.rd.xml"));
var types = await StartupTypeGeneration.RecordAsync(Console.Out);
RdXmlDocument.Save(types, output);
Console.WriteLine($"{types.Count} types -> {output}");
