#Requires -Modules Pester
# Pester 5: mirrors tests/VirtDiag.Tests/Psod/PurpleScreenPatternTests.cs (screens here are synthetic text).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    function New-Screen([string]$Message, [int]$Cpu, [string]$World, [string[]]$Symbols) {
        $lines = @("@BlueScreen: $Message", "*PCPU${Cpu}:2100000/$World")
        $i = 0
        foreach ($s in $Symbols) { $lines += ('0x4539000{0}0000:[0x42000{0}00000]{1}@vmkernel#nover+0x1{0} stack: 0x0' -f $i++, $s) }
        $lines -join "`n"
    }
}

Describe 'Measure-PurpleScreenPattern' {
    It 'calls the same message and stack LikelySoftware' {
        $p = @(
            New-Screen '#PF Exception 14 in world 2100001:vmm0:A IP 0x420011111111 addr 0x0' 3 'vmm0:A' 'Vmxnet3VMKDev_AsyncTx', 'NetWorldPerVMCB'
            New-Screen '#PF Exception 14 in world 2200002:vmm0:B IP 0x420022222222 addr 0x0' 7 'vmm0:B' 'Vmxnet3VMKDev_AsyncTx', 'NetWorldPerVMCB'
            New-Screen '#PF Exception 14 in world 2300003:vmm0:C IP 0x420033333333 addr 0x0' 12 'vmm0:C' 'Vmxnet3VMKDev_AsyncTx', 'NetWorldPerVMCB'
        ) | ForEach-Object { $_ | ConvertFrom-PurpleScreen -HostName esx01 } | Measure-PurpleScreenPattern
        $p.Verdict | Should -Be 'LikelySoftware'
        $p.Count | Should -Be 3
        $p.SameMessageAndStack | Should -BeTrue
    }

    It 'calls different messages on one PCPU PossibleCpuFault' {
        $p = @(
            New-Screen '#PF Exception 14 in world 1:a IP 0x1 addr 0x0' 5 'a' 'A1'
            New-Screen '#GP Exception 13 in world 2:b IP 0x2' 5 'b' 'B1'
            New-Screen 'ASSERT bora/vmkernel/main/pframe.c:1234' 5 'c' 'C1'
        ) | ForEach-Object { $_ | ConvertFrom-PurpleScreen -HostName esx02 } | Measure-PurpleScreenPattern
        $p.Verdict | Should -Be 'PossibleCpuFault'
        $p.SamePhysicalCpu | Should -BeTrue
    }

    It 'calls two machine checks PossibleHardware' {
        $p = @(
            New-Screen 'Machine Check Exception on PCPU12 in world 2097164:idle12' 12 'idle12' @()
            New-Screen 'Machine Check Exception on PCPU40 in world 2097192:idle40' 40 'idle40' @()
        ) | ForEach-Object { $_ | ConvertFrom-PurpleScreen -HostName esx03 } | Measure-PurpleScreenPattern
        $p.Verdict | Should -Be 'PossibleHardware'
    }

    It 'writes one pattern per host' {
        $p = @(
            (New-Screen 'Lost heartbeat' 0 'console' 'F') | ConvertFrom-PurpleScreen -HostName h1
            (New-Screen 'Lost heartbeat' 0 'console' 'F') | ConvertFrom-PurpleScreen -HostName h2
        ) | Measure-PurpleScreenPattern
        @($p).Count | Should -Be 2
        $p | ForEach-Object { $_.Verdict | Should -Be 'Inconclusive' }
    }
}
