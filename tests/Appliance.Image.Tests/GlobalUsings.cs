global using Appliance.Lab.Vm;
global using Appliance.Supervisor.Upgrade;
global using Appliance.Testing;
