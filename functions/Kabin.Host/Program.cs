var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/health/liveness", () => Results.Ok());
await app.RunAsync();
