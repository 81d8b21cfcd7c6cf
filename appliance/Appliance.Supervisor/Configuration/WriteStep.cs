namespace Appliance.Supervisor.Configuration;

/// <summary>The steps of <see cref="ConfigStore.WriteAtomic"/>, in order; a test injects a failure after each.</summary>
internal enum WriteStep
{
    TempWritten,
    TempSynced,
    LastGoodTempWritten,
    LastGoodTempSynced,
    LastGoodRenamed,
    Renamed,
    DirectorySynced,
}
