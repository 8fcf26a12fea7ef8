# VirtDiag module manifest. ModuleVersion is written by the build from Directory.Build.props (VersionPrefix).
@{
    RootModule             = 'VirtDiag.PowerShell.dll'
    ModuleVersion          = '{{ModuleVersion}}'
    GUID                   = '5f0c7f0e-3a7b-4f4e-9a55-2d3c1b8e6a41'
    Author                 = 'VirtDiag engineers'
    CompanyName            = 'VirtDiag'
    Copyright              = '(c) VirtDiag engineers. MIT License.'
    Description            = 'Turns virtualization diagnostics (ESXi vmkernel vMotion, oVirt VDSM logs, purple diagnostic screens, guest OS crashes, trace-cmd traces) into typed objects for the pipeline.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('VirtDiag.format.ps1xml')
    TypesToProcess         = @('VirtDiag.types.ps1xml')
    CmdletsToExport        = @(
        'ConvertFrom-PurpleScreen'
        'Export-VirtDiagRecord'
        'Get-BugCheckCode'
        'Get-GuestOsFailure'
        'Get-LogDocument'
        'Get-OVirtEngineCommand'
        'Get-OVirtEngineLogEntry'
        'Get-OVirtFlow'
        'Get-PurpleScreen'
        'Get-TraceEvent'
        'Get-TraceFile'
        'Get-VCpuTimeline'
        'Get-VMotionEvent'
        'Get-VMotionMigration'
        'Get-VdsmExternalCommand'
        'Get-VdsmLogEntry'
        'Get-VdsmTask'
        'Get-VirtDiagTimeline'
        'Measure-ClockSkew'
        'Measure-KvmExit'
        'Measure-PurpleScreenPattern'
        'Invoke-VirtDiagTriage'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('ESXi', 'vMotion', 'oVirt', 'VDSM', 'PSOD', 'ftrace', 'trace-cmd', 'KVM', 'Diagnostics', 'Logs', 'PSEdition_Desktop', 'PSEdition_Core')
            ProjectUri   = 'https://github.com/virtdiag/virtdiag'
            LicenseUri   = 'https://github.com/virtdiag/virtdiag/blob/main/LICENSE'
            ReleaseNotes = 'See https://github.com/virtdiag/virtdiag/blob/main/CHANGELOG.md'
        }
    }
}
