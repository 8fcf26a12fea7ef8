#Requires -Modules Pester
# Pester 5: mirrors the xunit acceptance in tests/VirtDiag.Tests/Psod for machines with pwsh.
BeforeDiscovery {
    $fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/psod'
    $hasFixtures = Test-Path $fixtures
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/VirtDiag/VirtDiag.psd1') -Force
    $fixtures = Join-Path $PSScriptRoot '../../../shared/fixtures/psod'
}

Describe 'ConvertFrom-PurpleScreen' {
    It 'reads the KB reference screen (ESX 3.x, PCPU 1 locked up)' -Skip:(-not $hasFixtures) {
        $s = Get-Content (Join-Path $fixtures 'seed-esx3x-pcpu1-locked-up-tlb.txt') | ConvertFrom-PurpleScreen
        @($s).Count | Should -Be 1
        $s.Message | Should -Be 'PCPU 1 locked up. Failed to ack TLB invalidate.'
        $s.Category | Should -Be 'LockedUpTlbInvalidate'
        $s.Registers['ip'] | Should -Be '0x625e94'
        $s.Registers['cr3'] | Should -Be '0x40c66000'
        $s.PhysicalCpu | Should -Be 0
        $s.World.Id | Should -Be 1037
        $s.World.Name | Should -Be 'helper1-4'
        $s.Frames.Count | Should -Be 7
        $s.Frames[0].ToString() | Should -Be 'Panic+0x17'
        $s.Frames[2].ToString() | Should -Be 'TLBDoInvalidate+0x38f'
        $s.Tsc | Should -Be 1751259712918392
    }

    It 'keeps a screen open across pipeline objects and cuts glued screens apart' -Skip:(-not $hasFixtures) {
        $s = Get-Content (Join-Path $fixtures 'esxi50-pcpu-locked-up-tlb-no-heartbeat-hp-pcc-kb2000091.txt') | ConvertFrom-PurpleScreen -HostName esx-hp01
        @($s).Count | Should -Be 2
        $s[0].Category | Should -Be 'LockedUpTlbInvalidate'
        $s[0].PhysicalCpu | Should -Be 39
        $s[1].Category | Should -Be 'LostHeartbeat'
        $s[1].HostName | Should -Be 'esx-hp01'
    }

    It 'reads lines that ran together into one string' -Skip:(-not $hasFixtures) {
        $joined = (Get-Content (Join-Path $fixtures 'esxi51-55-pf14-e1000pollrxring-vmast-ugg.li.txt')) -join ' '
        $s = $joined | ConvertFrom-PurpleScreen
        $s.Category | Should -Be 'PageFault'
        $s.World.Name | Should -Be 'vmast.63405'
        $s.Frames.Count | Should -Be 19
    }

    It 'filters by category' -Skip:(-not $hasFixtures) {
        $s = Get-Content (Join-Path $fixtures 'esxi50-pcpu-locked-up-tlb-no-heartbeat-hp-pcc-kb2000091.txt') | ConvertFrom-PurpleScreen -Category LostHeartbeat
        @($s).Count | Should -Be 1
        $s.Message | Should -Be 'PCPU 0: no heartbeat, IPIs received (0/1).'
    }

    It 'warns when the text holds no screen' {
        $s = 'just some text' | ConvertFrom-PurpleScreen -WarningVariable w -WarningAction SilentlyContinue
        $s | Should -BeNullOrEmpty
        $w.Count | Should -Be 1
    }
}
