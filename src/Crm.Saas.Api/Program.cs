using Crm.Saas.Api;
using Crm.Saas.Api.Platform;

if (MigrateCommand.IsRequested(args) && MigrateCommand.RefuseBadArguments(args) is { } usageExit)
{
    return usageExit;
}

var builder = WebApplication.CreateBuilder(args.Where(a => a != MigrateCommand.Name).ToArray());
builder.AddCrm();
var app = builder.Build();

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(app, args);
}

await app.PrepareDatabasesAsync();
app.UseCrm();
await app.RunAsync();
return 0;

/// <summary>The entry point; public so that tests can host it.</summary>
public partial class Program;
